/**
 * Snapshot builders for the main-process tests.
 */
import type { PromptView, SessionView, Snapshot } from '../contract/dto';
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
