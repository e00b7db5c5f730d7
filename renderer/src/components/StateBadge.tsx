/**
 * A session state as a glyph, a word and a colour (never colour alone).
 */
import type { SessionState } from '../../../electron/contract/dto';
import { stateMeta } from '../lib/state-meta';

/** Props: the state. */
export interface StateBadgeProps {
  readonly state: SessionState;
}

/** `▲ Needs permission` in the state's tone. */
export function StateBadge({ state }: StateBadgeProps) {
  const meta = stateMeta(state);
  return (
    <span className={`badge tone-${meta.tone}`} data-state={state}>
      <span aria-hidden="true">{meta.glyph}</span> {meta.word}
    </span>
  );
}
