/**
 * How each session state looks: a word, a glyph and a colour class, so state never rests on colour alone.
 */
import type { SessionState } from '../../../electron/contract/dto';

/** Tone groups states for colour: ok (green), busy (blue), attention (amber), bad (red), quiet (grey). */
export type StateTone = 'ok' | 'busy' | 'attention' | 'bad' | 'quiet';

/** Display facts for one state. */
export interface StateMeta {
  readonly word: string;
  readonly glyph: string;
  readonly tone: StateTone;
}

const META: Record<SessionState, StateMeta> = {
  starting: { word: 'Starting', glyph: '◌', tone: 'busy' },
  working: { word: 'Working', glyph: '●', tone: 'busy' },
  idle: { word: 'Idle', glyph: '○', tone: 'ok' },
  permission: { word: 'Needs permission', glyph: '▲', tone: 'attention' },
  question: { word: 'Asking a question', glyph: '?', tone: 'attention' },
  error: { word: 'Error', glyph: '✕', tone: 'bad' },
  stalled: { word: 'Stalled', glyph: '■', tone: 'bad' },
  limited: { word: 'Usage limit', glyph: '⏸', tone: 'attention' },
  exited: { word: 'Exited', glyph: '–', tone: 'quiet' },
  unknown: { word: 'Unknown', glyph: '·', tone: 'quiet' },
};

/** The display facts of a state. */
export function stateMeta(state: SessionState): StateMeta {
  return META[state];
}
