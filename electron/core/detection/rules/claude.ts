/**
 * Claude Code rule pack (1.x boxed input through 2.1.x rule-framed `❯` input).
 */
import type { RulePack, StateRule } from '../rule-types';
import { CLAUDE_PERMISSIONS, CLAUDE_QUESTIONS } from './claude-prompts';
import { all, any, bottom, line, not, TURN, within } from './dsl';

// Spinner: `<glyph> <Gerund>…` optionally followed by `(6s · ↓ 174 tokens …)`. One or two words before
// the ellipsis, so assistant prose ending in `…` is not a spinner. The past-tense summary (`✻ Cooked
// for 1s`) has no ellipsis and means the turn is over.
const SPINNER = /^\s*[·✢*✶✻✽✳⏺●◐◑◒◓]\s+[A-Z][\w'-]*(?: \w+)?…(?:\s+\(.*)?\s*$/u;
/** The input line: `❯` alone or with a draft, never a numbered menu row. */
const INPUT = /^\s*❯(?!\s*\d+\.\s)(?:\s|$)/u;
const INTERRUPT = /\b(?:esc|ctrl\+c) to interrupt\b/iu;
const RETRY =
  /Retrying in \d+\s*s\b.*attempt \d+|will retry in\b|No response from API|next try in .*attempt \d+/iu;
const ERROR =
  /^\s*(?:[⎿●⏺]\s*)?(?:API Error\b|Request timed out\b|You've hit your\b.*\blimit\b|Claude (?:AI )?usage limit reached|Context limit reached\b|Prompt is too long\b|Usage limit reached\b|You're out of usage credits|Invalid API key\b|OAuth token (?:has )?expired)/u;

const STATES: readonly StateRule[] = [
  {
    id: 'error.turn',
    state: 'error',
    priority: 100,
    region: TURN,
    when: all(line(ERROR), not(within(bottom(10), any(line(INTERRUPT), line(SPINNER), line(RETRY))))),
  },
  { id: 'stalled.retry', state: 'stalled', priority: 100, region: bottom(12), when: line(RETRY) },
  {
    id: 'working.live',
    state: 'working',
    priority: 100,
    region: bottom(12),
    when: any(line(INTERRUPT), line(SPINNER)),
  },
  {
    id: 'idle.input',
    state: 'idle',
    priority: 100,
    // Room for a multi-line draft in the input.
    region: bottom(10),
    // The `❯` input line framed by rules (2.1.x), or the rounded `│ > │` box (1.x/2.0.x).
    when: any(all(line(INPUT), line(/^\s*[─━]{8,}/u)), all(line(/^\s*>(?:\s|$)/u), line(/^\s*[╭╰]─{8,}/u))),
  },
];

/** Claude Code 1.x–2.x. */
export const CLAUDE_PACK: RulePack = {
  agent: 'claude',
  versions: '>=1.0.0 <3',
  banners: [/Claude Code v(?<version>\d+\.\d+\.\d+)/u, /Welcome to Claude Code\b/u],
  layout: { input: /^\s*[❯>](?:\s|$)/u, userMessage: /^\s*[❯>]\s+\S/u },
  prompts: [...CLAUDE_PERMISSIONS, ...CLAUDE_QUESTIONS],
  states: STATES,
  // ctrl+o transcript view: old prompts and spinners are replayed there, none of it is live.
  overlays: [{ id: 'overlay.transcript', region: bottom(4), when: line(/Showing detailed transcript/u) }],
};
