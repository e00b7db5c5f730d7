/**
 * Controls: LOCKDOWN, the policy in force with its (shadow) decisions, open an agent, and focus /
 * send text to / close each session.
 */
import type { Snapshot } from '../../../electron/contract/dto';
import { LockdownToggle } from './LockdownToggle';
import { OpenAgentForm } from './OpenAgentForm';
import { PolicyPanel } from './PolicyPanel';
import { SessionControls } from './SessionControls';

/** Props: the snapshot. */
export interface ControlsProps {
  readonly snapshot: Snapshot;
}

/** The controls view. */
export function Controls({ snapshot }: ControlsProps) {
  const live = snapshot.sessions.filter((s) => !s.gone);
  return (
    <div className="view">
      <LockdownToggle engaged={snapshot.lockdown} />
      <PolicyPanel snapshot={snapshot} />
      <OpenAgentForm disabled={snapshot.lockdown} />
      <section className="group" aria-labelledby="sessions-title">
        <h2 id="sessions-title" className="group-title">
          Sessions
        </h2>
        {live.length === 0 ? <p className="empty">No sessions.</p> : null}
        <ul className="plain">
          {live.map((session) => (
            <SessionControls key={session.id} session={session} lockdown={snapshot.lockdown} />
          ))}
        </ul>
      </section>
    </div>
  );
}
