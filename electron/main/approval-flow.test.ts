import { describe, expect, it } from 'vitest';
import type { AnswerPromptArgs } from '../contract/api';
import { ApprovalFlow, approvalDialog, approvalNotification, dialogChoice } from './approval-flow';
import type { ApprovalPorts, DialogSpec, NotificationSpec, PendingSession } from './approval-flow';
import { bashPrompt, session, snapshot } from './testing-fixtures';

function pending(subject: string, fingerprint?: string): PendingSession {
  return session({ state: 'permission', prompt: bashPrompt(subject, fingerprint) }) as PendingSession;
}

function fakePorts(dialogResponse = 2) {
  const notes: { spec: NotificationSpec; onAction(i: number): void; onClick(): void }[] = [];
  const dialogs: DialogSpec[] = [];
  const answers: AnswerPromptArgs[] = [];
  const reports: string[] = [];
  let popovers = 0;
  const ports: ApprovalPorts = {
    notify: (spec, handlers) => notes.push({ spec, ...handlers }),
    showDialog: (spec) => {
      dialogs.push(spec);
      return Promise.resolve(dialogResponse);
    },
    answer: (args) => {
      answers.push(args);
      return Promise.resolve({ kind: 'delivered', keys: ['1'], confirmed: true });
    },
    showPopover: () => (popovers += 1),
    report: (m) => reports.push(m),
  };
  return { ports, notes, dialogs, answers, reports, popovers: () => popovers };
}

describe('approval dialog and notification', () => {
  it('puts the exact command in full in the dialog, with hidden characters shown, and "Not now" as default', () => {
    const long = `rm -rf ${'a/'.repeat(300)} \u202Etxt.exe`;
    const spec = approvalDialog(pending(long));
    expect(spec.detail).toContain(`rm -rf ${'a/'.repeat(300)} ⟨U+202E⟩txt.exe`);
    expect(spec.buttons).toEqual(['Not now', 'Deny', 'Approve']);
    expect([spec.defaultId, spec.cancelId]).toEqual([0, 0]);
    expect([dialogChoice(0), dialogChoice(1), dialogChoice(2), dialogChoice(9)]).toEqual([
      null,
      'deny',
      'approve',
      null,
    ]);
  });

  it('shortens a long command in a notification and says so', () => {
    const note = approvalNotification(pending('x'.repeat(500)));
    expect(note.body).toMatch(/… \(320 more characters — open Tower to read it all\)$/);
    expect(note.actions.map((a) => a.text)).toEqual(['Approve', 'Deny']);
  });
});

describe('ApprovalFlow', () => {
  it('notifies each new prompt once and answers a notification action with the fingerprint', async () => {
    const fake = fakePorts();
    const flow = new ApprovalFlow(fake.ports);
    const snap = snapshot([pending('npm test', 'fp-1')]);
    flow.update(snap);
    flow.update(snap);
    expect(fake.notes).toHaveLength(1);
    fake.notes[0]?.onAction(1);
    await new Promise((r) => setTimeout(r, 0));
    expect(fake.answers).toEqual([
      { session: 's1', choice: 'deny', fingerprint: 'fp-1', channel: 'notification' },
    ]);
    expect(fake.reports).toEqual(['#1: denied']);
  });

  it('opens the popover and a parented dialog on click; "Not now" answers nothing', async () => {
    const fake = fakePorts(0);
    const flow = new ApprovalFlow(fake.ports);
    flow.update(snapshot([pending('make deploy')]));
    fake.notes[0]?.onClick();
    await new Promise((r) => setTimeout(r, 0));
    expect(fake.popovers()).toBe(1);
    expect(fake.dialogs).toHaveLength(1);
    expect(fake.answers).toEqual([]);
  });

  it('announces a prompt again when it comes back after going away', () => {
    const fake = fakePorts();
    const flow = new ApprovalFlow(fake.ports);
    flow.update(snapshot([pending('a', 'fp')]));
    flow.update(snapshot([]));
    flow.update(snapshot([pending('a', 'fp')]));
    expect(fake.notes).toHaveLength(2);
  });
});
