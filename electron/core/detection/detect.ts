/**
 * The detector: one rendered screen + who we think runs there → a state, and a parsed prompt if any.
 *
 * Precedence (reference §13.2): a blocking prompt at the bottom → error → stalled → working → idle →
 * otherwise `unknown`. Nothing is guessed: a screen no rule recognises stays unknown.
 */
import type { AgentKind } from '../../contract/dto';
import { parsePrompt } from './prompt-parser';
import { matches, regionLines } from './regions';
import type { Hits } from './regions';
import type { PlainState, PromptRule, RulePack, StateRule } from './rule-types';
import { RULE_PACKS } from './rules';
import { toScreen } from './screen';
import type { Screen } from './screen';
import type { AgentHint, Detection } from './types';
import { inRange } from './version-range';

const STATE_ORDER: readonly PlainState[] = ['error', 'stalled', 'working', 'idle'];

/** The agent and version a banner on the screen names (`Claude Code v2.1.330`, `OpenAI Codex (v0.169.0)`). */
export function bannerOf(
  screen: Screen,
  packs: readonly RulePack[] = RULE_PACKS,
): { readonly kind: AgentKind; readonly version: string | null } | null {
  for (const pack of packs) {
    for (const line of screen.lines) {
      for (const re of pack.banners) {
        const m = re.exec(line.norm);
        if (m) return { kind: pack.agent, version: m.groups?.version ?? null };
      }
    }
  }
  return null;
}

/** The packs that apply to an agent and version: matching ranges first, else every pack of the agent. */
export function packsFor(
  kind: AgentKind,
  version: string | null,
  packs: readonly RulePack[] = RULE_PACKS,
): RulePack[] {
  const mine = packs.filter((p) => p.agent === kind);
  if (version === null) return mine;
  const matching = mine.filter((p) => inRange(version, p.versions));
  return matching.length > 0 ? matching : mine;
}

function byPriority<T extends { readonly priority: number }>(a: T, b: T): number {
  return b.priority - a.priority;
}

function unknown(agent: AgentKind | null, version: string | null, why: string): Detection {
  return { state: 'unknown', agent, version, prompt: null, evidence: [why], ruleId: null };
}

/**
 * Classifies one rendered screen (rows of text, attributes removed) for the agent in `hint`.
 *
 * When the hint names no agent, a banner on the screen may; failing that every pack is tried in a
 * fixed order; state rules too generic to trust without a hint (Aider's `>` prompt) are skipped.
 */
export function detect(lines: readonly string[], hint: AgentHint): Detection {
  const screen = toScreen(lines);
  const banner = bannerOf(screen);
  const kind = hint.kind ?? banner?.kind ?? null;
  const version = (banner?.kind === kind ? banner?.version : null) ?? hint.version;
  const packs = kind ? packsFor(kind, version) : RULE_PACKS;
  // Without a hint, states come only from packs whose state rules are distinctive enough.
  const statePacks = kind ? packs : packs.filter((p) => p.guessable !== false);
  if (packs.length === 0) return unknown(kind, version, `no rule pack for ${kind ?? 'unknown agent'}`);

  for (const pack of packs) {
    for (const overlay of pack.overlays ?? []) {
      const hits: Hits = [];
      if (
        matches(overlay.when, regionLines(screen, overlay.region, pack.layout), screen, pack.layout, hits)
      ) {
        const rows = hits.map((h) => `row ${h.row}: ${h.raw.trim()}`);
        return {
          ...unknown(pack.agent, version, `overlay ${pack.agent}/${overlay.id}`),
          evidence: [`overlay ${pack.agent}/${overlay.id}`, ...rows],
        };
      }
    }
  }

  const prompts: { rule: PromptRule; pack: RulePack }[] = packs
    .flatMap((pack) => pack.prompts.map((rule) => ({ rule, pack })))
    .sort((a, b) => byPriority(a.rule, b.rule));
  for (const { rule, pack } of prompts) {
    const parsed = parsePrompt(screen.lines, rule, pack.agent);
    if (parsed) {
      return {
        state: rule.kind,
        agent: pack.agent,
        version: pack.agent === kind ? version : null,
        prompt: parsed.prompt,
        evidence: [`rule ${pack.agent}/${rule.id}`, ...parsed.evidence],
        ruleId: `${pack.agent}/${rule.id}`,
      };
    }
  }

  for (const state of STATE_ORDER) {
    const rules: { rule: StateRule; pack: RulePack }[] = statePacks
      .flatMap((pack) => pack.states.filter((r) => r.state === state).map((rule) => ({ rule, pack })))
      .sort((a, b) => byPriority(a.rule, b.rule));
    for (const { rule, pack } of rules) {
      const hits: Hits = [];
      const region = regionLines(screen, rule.region, pack.layout);
      if (matches(rule.when, region, screen, pack.layout, hits)) {
        const rows = [...new Set(hits)].map((h) => `row ${h.row}: ${h.raw.trim()}`);
        return {
          state,
          agent: pack.agent,
          version: pack.agent === kind ? version : null,
          prompt: null,
          evidence: [`rule ${pack.agent}/${rule.id}`, ...rows],
          ruleId: `${pack.agent}/${rule.id}`,
        };
      }
    }
  }
  return unknown(kind, version, 'no rule matched');
}
