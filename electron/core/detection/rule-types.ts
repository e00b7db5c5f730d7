/**
 * The shape of rule packs: detection rules are DATA, interpreted by the engine in `engine.ts`.
 *
 * A pack describes one agent over a range of versions. Rules name a region of the screen, a matcher
 * over that region and, for blocking prompts, how to parse the prompt into a PromptView.
 */
import type { AgentKind } from '../../contract/dto';

/** Where on the screen a rule looks. */
export type Region =
  /** Every row. */
  | { readonly kind: 'screen' }
  /** The last `lines` non-blank rows: the live UI. */
  | { readonly kind: 'bottom'; readonly lines: number }
  /** Rows below the last horizontal rule (Claude's footer, or a dialog drawn under a rule). */
  | { readonly kind: 'afterLastRule' }
  /** The current turn: rows after the last user message and above the input line (pack `layout`). */
  | { readonly kind: 'turn' };

/** A test over the rows of a region. */
export type Matcher =
  /** Some row matches (tested on normalised text). */
  | { readonly kind: 'line'; readonly re: RegExp }
  | { readonly kind: 'all'; readonly of: readonly Matcher[] }
  | { readonly kind: 'any'; readonly of: readonly Matcher[] }
  | { readonly kind: 'not'; readonly of: Matcher }
  /** Evaluates `match` in another region of the same screen. */
  | { readonly kind: 'within'; readonly region: Region; readonly match: Matcher };

/** Non-prompt states a rule can conclude. */
export type PlainState = 'working' | 'idle' | 'error' | 'stalled';

/** A rule for a state without a prompt. */
export interface StateRule {
  readonly id: string;
  readonly state: PlainState;
  /** Higher wins among rules of the same state. */
  readonly priority: number;
  readonly region: Region;
  readonly when: Matcher;
}

/** How the menu of a prompt is drawn. */
export type OptionSyntax =
  /** `❯ 1. Yes` rows numbered from 1; `loose` tolerates description rows between options. */
  | { readonly kind: 'numbered'; readonly loose?: boolean; readonly continuation?: boolean }
  /** Unnumbered rows, the selected one marked by a glyph (`→ Run (once) (y)`, `❯ Yes (y)`). */
  | { readonly kind: 'glyph-list'; readonly glyphs: string; readonly maxRows: number }
  /** Aider's one-line `(Y)es/(N)o/(D)on't ask again [Yes]:`. */
  | { readonly kind: 'inline-letters' }
  /** opencode's button row `Allow once   Allow always   Reject`: selection shown only by colour. */
  | { readonly kind: 'buttons'; readonly labels: readonly string[] };

/** Which keys an agent accepts on its menus. */
export interface KeyPolicy {
  /** A digit selects its numbered option at once. */
  readonly digits: boolean;
  /** A key shown in parentheses after the label (`(y)`, `(esc)`) selects it. */
  readonly hints: boolean;
  /** Up/Down moves the selection and Enter confirms it. */
  readonly navigate: boolean;
  /** The agent reads a line: letter keys need Enter after them (Aider). */
  readonly enterAfterLetter?: boolean;
  /** Options whose label matches are chosen with Esc (opencode's Reject). */
  readonly escapeFor?: RegExp;
  /** A digit only moves the selection; Enter confirms it (Codex update dialog). */
  readonly enterAfterDigit?: boolean;
}

/** Where the subject (command, file, URL) of a prompt is shown. */
export type SubjectSpec =
  /** The named group `subject` of the title regex. */
  | { readonly kind: 'title' }
  /** The first row of the prompt (or the rows just above it) matching `re`; group 1 is the subject. */
  | { readonly kind: 'line'; readonly re: RegExp }
  /** The nearest non-blank row above the title (Aider prints the command, then asks). */
  | { readonly kind: 'above' }
  /**
   * Rows from the row matching `start` (itself included or not) to the next blank row or `stop`,
   * wrapped rows joined; `dropFirst`/`dropLast` leave out a description row; `strip` cleans the text.
   */
  | {
      readonly kind: 'block';
      readonly start: RegExp;
      readonly includeStart?: boolean;
      readonly stop?: RegExp;
      readonly dropFirst?: boolean;
      readonly dropLast?: boolean;
      readonly strip?: RegExp;
    };

/** A rule for a blocking prompt (permission or question). */
export interface PromptRule {
  readonly id: string;
  readonly kind: 'permission' | 'question';
  /** bash, edit, write, fetch, mcp, plan, ask, trust, update … */
  readonly type: string;
  readonly priority: number;
  /** The tool as the agent names it; `toolFrom` may refine it from the screen. */
  readonly tool: string | null;
  /** First row (anchor 1): the question or header; its text becomes the question. */
  readonly title: RegExp;
  /** Take the farthest title row within reach instead of the nearest (a header above the question). */
  readonly titleFarthest?: boolean;
  /** A row the title may be replaced by as the question text (e.g. `Do you want to proceed?` under a header). */
  readonly question?: RegExp;
  /** Extra rows that must be present in the prompt block. */
  readonly requires?: readonly RegExp[];
  /** Anchor 2: the menu. */
  readonly options: OptionSyntax;
  /** Rows allowed below the menu (footers, key hints). Anything else there means it is not the live UI. */
  readonly footer: readonly RegExp[];
  /** The menu must mark a selected row, or a footer must be present (never neither: ≥ 2 anchors). */
  readonly needsSelection?: boolean;
  /** How far above the first option the title may be (rows). */
  readonly maxTitleDistance: number;
  /** Tried in order; the first that finds something wins. */
  readonly subject?: readonly SubjectSpec[];
  /** Derives the tool from a row (e.g. MCP `server - tool(...) (MCP)` → `mcp__server__tool`). */
  readonly toolFrom?: { readonly re: RegExp; readonly format: (m: RegExpExecArray) => string };
  readonly keys: KeyPolicy;
  /** Wrapped rows ending like this are joined without a space (Codex breaks after `/`). */
  readonly glue?: RegExp;
  /**
   * A row this many columns short of the dialog's frame rule (or longer) was broken inside a word:
   * the next row continues it without a space (Claude 2.1.330: 1). See wrapped.ts.
   */
  readonly hardWrapMargin?: number;
  /** A menu label that repeats the subject (group 1) wrapped at other places: the subject is put back exactly. */
  readonly echo?: RegExp;
  /** Label → role overrides, tried before the generic role rules. */
  readonly roles?: readonly (readonly [RegExp, 'approve' | 'approve-remember' | 'deny' | 'other'])[];
}

/** Rows that frame a Claude-style screen: where the user's last message and the input line are. */
export interface Layout {
  /** The input line (composer): the bottom-most row matching, within the last 12 rows. */
  readonly input: RegExp;
  /** A row with a message the user sent (above the input line). */
  readonly userMessage: RegExp;
}

/** Rules for one agent over a version range. */
export interface RulePack {
  readonly agent: AgentKind;
  /** Version range, e.g. `>=2.1.0 <3`; `*` for any. */
  readonly versions: string;
  /** Banner rows that identify the agent on screen; group `version` is its version. */
  readonly banners: readonly RegExp[];
  readonly layout: Layout | null;
  /** False when the pack's state rules are too generic to try without a hint naming this agent. */
  readonly guessable?: boolean;
  readonly prompts: readonly PromptRule[];
  readonly states: readonly StateRule[];
  /**
   * Screens where the live UI is not the session (transcript viewer, pickers): state is `unknown`,
   * so the caller keeps the last state. Checked first, before prompts.
   */
  readonly overlays?: readonly Overlay[];
}

/** A view that hides the session's real state. */
export interface Overlay {
  readonly id: string;
  readonly region: Region;
  readonly when: Matcher;
}
