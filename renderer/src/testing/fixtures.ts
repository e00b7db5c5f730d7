/**
 * Snapshot builders for the renderer's tests.
 */
import type {
  ApprovalView,
  BridgeView,
  GroundTruthView,
  PromptView,
  SessionView,
  Snapshot,
} from '../../../electron/contract/dto';
import { EMPTY_POOL_VIEW } from '../../../electron/contract/dto';

/** A session with sensible defaults. */
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
    pid: 10,
    cwd: '/work',
    stateSince: 0,
    firstSeen: 0,
    lastSeen: 0,
    gone: false,
    tail: [],
    ...patch,
  };
}

/** A Bash permission prompt for a command. */
export function prompt(subject: string): PromptView {
  return {
    kind: 'permission',
    type: 'bash',
    tool: 'Bash',
    subject,
    question: 'Do you want to proceed?',
    options: [
      { label: 'Yes', keys: ['1'], selected: true, remembers: false, role: 'approve' },
      {
        label: "Yes, and don't ask again",
        keys: ['2'],
        selected: false,
        remembers: true,
        role: 'approve-remember',
      },
      { label: 'No', keys: ['3'], selected: false, remembers: false, role: 'deny' },
    ],
    fingerprint: `fp:${subject}`,
    autoAnswerable: true,
  };
}

/** A snapshot of the given sessions. */
export function snapshot(sessions: SessionView[], truth: Partial<GroundTruthView> = {}): Snapshot {
  return {
    sessions,
    approvals: [],
    bridges: [],
    pool: EMPTY_POOL_VIEW,
    groundTruth: {
      registryCount: sessions.length,
      terminalCount: sessions.length,
      agreed: true,
      providers: [{ id: 'tmux', available: true, reason: null }],
      scannedAt: 0,
      ...truth,
    },
    lockdown: false,
    version: 1,
  };
}

/** An approval queue item (pending) for a session's prompt. */
export function approval(patch: Partial<ApprovalView> = {}): ApprovalView {
  const p = patch.prompt ?? prompt('npm test');
  return {
    id: 'ap1',
    session: 's1',
    sessionNumber: 1,
    agent: 'claude',
    fingerprint: p.fingerprint,
    prompt: p,
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

/** A bridge's status. */
export function bridge(patch: Partial<BridgeView> & Pick<BridgeView, 'id'>): BridgeView {
  return { state: 'up', detail: null, reason: null, lastActivityAt: null, ...patch };
}
