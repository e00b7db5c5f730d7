import { describe, expect, it } from 'vitest';
import type { AnswerPromptArgs } from '../contract/api';
import type { ApprovalView } from '../contract/dto';
import { ApprovalFlow, approvalDialog, approvalNotification, dialogChoice } from './approval-flow';
import type { ApprovalPorts, DialogSpec, NotificationSpec } from './approval-flow';
import { approval, bashPrompt, session, withApprovals } from './testing-fixtures';

const waiting = session({ state: 'permission', prompt: bashPrompt('npm test') });
const item = (patch: Partial<ApprovalView> = {}) => ({ approval: approval(patch), session: waiting });
const tick = () => new Promise((r) => setTimeout(r, 0));

function fakePorts(dialogResponse = 2) {
  const notes: { spec: NotificationSpec; onAction(i: number): void; onClick(): void; withdrawn: boolean }[] =
    [];
  const dialogs: DialogSpec[] = [];
  const answers: AnswerPromptArgs[] = [];
  const reports: string[] = [];
  let popovers = 0;
  let releaseDialog: (() => void) | null = null;
  let holdDialogs = false;
  const ports: ApprovalPorts = {
    notify: (spec, handlers) => {
      const note = { spec, ...handlers, withdrawn: false };
      notes.push(note);
      return () => (note.withdrawn = true);
    },
    showDialog: (spec) => {
      dialogs.push(spec);
      if (!holdDialogs) return Promise.resolve(dialogResponse);
      return new Promise((resolve) => (releaseDialog = () => resolve(dialogResponse)));
    },
    answer: (args) => {
      answers.push(args);
      return Promise.resolve({ kind: 'delivered', keys: ['1'], confirmed: true });
    },
    showPopover: () => (popovers += 1),
    report: (m) => reports.push(m),
  };
  return {
    ports,
    notes,
    dialogs,
    answers,
    reports,
    popovers: () => popovers,
    hold: () => (holdDialogs = true),
    release: () => releaseDialog?.(),
  };
}

describe('approval dialog and notification', () => {
  it('puts the exact command in full and the reason in the dialog, hidden characters shown, "Not now" default', () => {
    const long = `rm -rf ${'a/'.repeat(300)} \u202Etxt.exe`;
    const spec = approvalDialog(item({ prompt: bashPrompt(long), reason: 'rule ask-rm: deletes files' }));
    expect(spec.detail).toContain(`rm -rf ${'a/'.repeat(300)} ⟨U+202E⟩txt.exe`);
    expect(spec.detail).toContain('Why you: rule ask-rm: deletes files');
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
    const note = approvalNotification(item({ prompt: bashPrompt('x'.repeat(500)) }));
    expect(note.body).toMatch(/… \(320 more characters — open Tower to read it all\)$/);
    expect(note.actions.map((a) => a.text)).toEqual(['Approve', 'Deny']);
  });
});

describe('ApprovalFlow driven by escalatedTo', () => {
  it('notifies once an approval reaches the tray, and answers an action with its fingerprint as "tray"', async () => {
    const fake = fakePorts();
    const flow = new ApprovalFlow(fake.ports);
    flow.update(withApprovals([waiting], [approval({ escalatedTo: [] })]));
    expect(fake.notes).toHaveLength(0);
    const snap = withApprovals([waiting], [approval({ fingerprint: 'fp-1' })]);
    flow.update(snap);
    flow.update(snap);
    expect(fake.notes).toHaveLength(1);
    expect(fake.dialogs).toHaveLength(0);
    fake.notes[0]?.onAction(1);
    await tick();
    expect(fake.answers).toEqual([{ session: 's1', choice: 'deny', fingerprint: 'fp-1', channel: 'tray' }]);
    expect(fake.reports).toEqual(['#1: denied']);
  });

  it('opens the popover and a parented dialog once the ladder reaches "dialog", once', async () => {
    const fake = fakePorts(2);
    const flow = new ApprovalFlow(fake.ports);
    const snap = withApprovals([waiting], [approval({ escalatedTo: ['tray', 'dialog'] })]);
    flow.update(snap);
    flow.update(snap);
    await tick();
    expect(fake.popovers()).toBe(1);
    expect(fake.dialogs).toHaveLength(1);
    expect(fake.answers).toEqual([
      { session: 's1', choice: 'approve', fingerprint: 'fp:npm test', channel: 'tray' },
    ]);
  });

  it('"Not now" answers nothing; a click on the notification asks in a dialog', async () => {
    const fake = fakePorts(0);
    const flow = new ApprovalFlow(fake.ports);
    flow.update(withApprovals([waiting], [approval()]));
    fake.notes[0]?.onClick();
    await tick();
    expect(fake.dialogs).toHaveLength(1);
    expect(fake.answers).toEqual([]);
  });

  it('shows one dialog at a time and skips one whose approval ended meanwhile', async () => {
    const fake = fakePorts(2);
    fake.hold();
    const flow = new ApprovalFlow(fake.ports);
    const other = session({ id: 's2', number: 2, state: 'permission', prompt: bashPrompt('make') });
    const both = [
      approval({ id: 'a', escalatedTo: ['tray', 'dialog'] }),
      approval({
        id: 'b',
        session: 's2',
        sessionNumber: 2,
        prompt: bashPrompt('make'),
        escalatedTo: ['tray', 'dialog'],
      }),
    ];
    flow.update(withApprovals([waiting, other], both));
    await tick();
    expect(fake.dialogs).toHaveLength(1);
    // 'b' was answered on Telegram while the first box was open.
    flow.update(
      withApprovals(
        [waiting, other],
        [both[0] as ApprovalView, { ...(both[1] as ApprovalView), status: 'answered' }],
      ),
    );
    fake.release();
    await tick();
    await tick();
    expect(fake.dialogs).toHaveLength(1);
    expect(fake.answers.map((a) => a.session)).toEqual(['s1']);
    expect(fake.notes.find((n) => n.spec.subtitle.startsWith('#2'))?.withdrawn).toBe(true);
  });

  it('withdraws the notification when the approval ends elsewhere', () => {
    const fake = fakePorts();
    const flow = new ApprovalFlow(fake.ports);
    flow.update(withApprovals([waiting], [approval()]));
    flow.update(withApprovals([waiting], [approval({ status: 'answered' })]));
    expect(fake.notes[0]?.withdrawn).toBe(true);
  });
});
