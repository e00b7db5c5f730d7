/**
 * Maps the core's session records to the contract's views.
 */
import type { SessionView } from '../../contract/dto';
import type { Session } from './session';

/** The view of one session a UI shows. */
export function sessionView(session: Session): SessionView {
  const { terminal } = session;
  return {
    id: session.id,
    number: session.number,
    provider: terminal.provider,
    terminalId: terminal.id,
    title: terminal.title,
    agent: session.agent ? { kind: session.agent.kind, version: session.agent.version } : null,
    state: session.state,
    evidence: session.evidence,
    prompt: session.prompt,
    pid: terminal.pid,
    cwd: terminal.cwd,
    stateSince: session.stateSince,
    firstSeen: session.firstSeen,
    lastSeen: session.lastSeen,
    gone: session.goneAt !== null,
    tail: session.tail,
    trouble: session.trouble,
  };
}
