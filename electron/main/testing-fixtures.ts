/**
 * Snapshot builders for the main-process tests.
 */
import type { ApprovalView, PromptView, SessionView, Snapshot } from '../contract/dto';
import { EMPTY_POOL_VIEW } from '../contract/dto';

/** A session with defaults. */
export function session(patch: Partial<SessionView> = {}): SessionView {
  return {
    id: 's1',
    number: 1,
    provider: 'tmux',
    terminalId: '%1',
    title: 'work',
    agent: { kind: 'claude', version: '2.1.0' },
    state: 'idle',
    evidence: [],
    prompt: null,
    pid: 1,
    cwd: '/work',
    stateSince: 0,
    firstSeen: 0,
    lastSeen: 0,
    gone: false,
    tail: [],
    ...patch,
  };
}

/** A Bash prompt for a command. */
export function bashPrompt(subject: string, fingerprint = `fp:${subject}`): PromptView {
  return {
    kind: 'permission',
    type: 'bash',
    tool: 'Bash',
    subject,
    question: 'Do you want to proceed?',
    options: [],
    fingerprint,
    autoAnswerable: true,
  };
}

/** A snapshot of sessions. */
export function snapshot(sessions: SessionView[], lockdown = false): Snapshot {
  const n = sessions.length;
  return {
    sessions,
    approvals: [],
    bridges: [],
    pool: EMPTY_POOL_VIEW,
    groundTruth: { registryCount: n, terminalCount: n, agreed: true, providers: [], scannedAt: 0 },
    lockdown,
    version: 1,
  };
}

/** A pending approval for a session's prompt, escalated to the tray. */
export function approval(patch: Partial<ApprovalView> = {}): ApprovalView {
  const prompt = patch.prompt ?? bashPrompt('npm test');
  return {
    id: 'ap1',
    session: 's1',
    sessionNumber: 1,
    agent: 'claude',
    fingerprint: prompt.fingerprint,
    prompt,
    reason: 'no rule allows this command (default: ask)',
    status: 'pending',
    createdAt: 0,
    expiresAt: null,
    escalatedTo: ['tray'],
    answer: null,
    endedBecause: null,
    ...patch,
  };
}

/** A snapshot with sessions and approvals. */
export function withApprovals(
  sessions: SessionView[],
  approvals: ApprovalView[],
  lockdown = false,
): Snapshot {
  return { ...snapshot(sessions, lockdown), approvals };
}
