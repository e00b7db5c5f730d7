/**
 * Telegram as an entry point: the real bridge (grammY against the Bot API emulator) fed payloads as
 * plain messages, as every command's arguments and as button data, from the paired owner and from a
 * stranger. Updates are handled one at a time in order, so an owner's "status" sent after a batch,
 * once answered, means the whole batch was handled; the bridge's clock then moves past the rate
 * limit's hour, so the corpus reaches the commands instead of "Slow down".
 */
import type { FakeUser } from '../e2e/telegram-emulator';
import { eventually } from '../e2e/telegram-rig';
import { recorded } from './canary-pane';
import type { CanaryPane } from './harness';
import type { RemoteRig } from './remote-rig';

export const OWNER = 1001;
export const STRANGER = 2002;
/** Every command the bridge knows that takes text after it. */
export const COMMANDS = [
  'status',
  'session',
  'approve',
  'deny',
  'send',
  'open',
  'close',
  'queue',
  'task',
  'pause',
  'resume',
  'lockdown',
] as const;
/** Owner updates between two syncs: with the sync itself, under the 10-a-minute limit. */
const BATCH = 8;

/** What a Telegram run found. */
export interface TelegramFindings {
  readonly breaches: string[];
  /** `/send` payloads typed, and refused. */
  sent: number;
  refused: number;
}

/** Drives the owner and a stranger against one bridge. */
export class TelegramRun {
  readonly findings: TelegramFindings = { breaches: [], sent: 0, refused: 0 };
  readonly owner: FakeUser;
  readonly stranger: FakeUser;
  private taken = 0;
  private syncs = 0;
  private stateBefore = '';

  constructor(private readonly rig: RemoteRig) {
    this.owner = rig.emulator.user(OWNER);
    this.stranger = rig.emulator.user(STRANGER);
  }

  /** The newest bot message id in `chat` (0 if none). */
  lastId(chat = OWNER): number {
    return this.rig.emulator.botMessages(chat).at(-1)?.messageId ?? 0;
  }

  async pair(): Promise<void> {
    await this.owner.say(this.rig.pairingCode);
    await eventually(
      () => this.rig.emulator.botMessages(OWNER).some((m) => m.text.startsWith('Paired')),
      'pairing',
    );
    this.taken = 0;
  }

  /**
   * Waits until everything sent so far is handled, then gives the owner a fresh allowance. The
   * marker is `/open sync-<n>`: its refusal names the template, so no payload's reply can pass for it.
   */
  async sync(): Promise<void> {
    this.syncs += 1;
    const marker = `"sync-${this.syncs}"`;
    await this.owner.say(`/open sync-${this.syncs}`);
    await eventually(
      () => this.rig.emulator.botMessages(OWNER).find((m) => m.text.includes(marker)),
      'the sync reply',
    ).catch((error: unknown) => {
      const audit = this.rig.chatAudit.records.slice(-3).map((r) => `${r.kind} ${JSON.stringify(r.detail)}`);
      const said = this.rig.emulator.botMessages(OWNER).slice(-3);
      throw new Error(
        `${String(error)}; bridge ${JSON.stringify(this.rig.telegram.status())}; last said: ${JSON.stringify(said.map((m) => m.text.slice(0, 80)))}; audit: ${audit.join(' | ')}`,
      );
    });
    this.rig.chatClock.advance(61 * 60_000);
    this.taken = 0;
  }

  private async budget(): Promise<void> {
    if (this.taken >= BATCH) await this.sync();
    this.taken += 1;
  }

  async ownerSays(text: string): Promise<void> {
    await this.budget();
    await this.owner.say(text);
  }

  async ownerPresses(data: string, messageId: number): Promise<void> {
    await this.budget();
    await this.owner.press(data, messageId);
  }

  /** What a stranger could change, for before/after comparison. */
  private async state(): Promise<string> {
    const s = await this.rig.snapshot();
    const tasks = await this.rig.tower.api.listTasks();
    return JSON.stringify({
      lockdown: s.lockdown,
      sessions: s.sessions.map((v) => [v.id, v.gone]),
      approvals: s.approvals.map((a) => [a.id, a.status]),
      tasks: tasks.map((t) => t.id),
      paused: s.pool.paused,
      records: this.rig.recordsSize(),
    });
  }

  /** Runs one batch of stranger updates and checks nothing changed and nothing was said to them. */
  async asStranger(entry: string, send: () => Promise<void>): Promise<void> {
    this.stateBefore = await this.state();
    await send();
    await this.sync();
    this.rig.tally.entryPoints.add(`telegram:${entry} (stranger)`);
    const after = await this.state();
    if (after !== this.stateBefore) this.findings.breaches.push(`stranger ${entry} changed ${after}`);
    if (this.rig.emulator.botMessages(STRANGER).length > 0)
      this.findings.breaches.push(`stranger ${entry} got a reply`);
  }

  /** After an owner batch: nothing typed, LOCKDOWN off, no canary fired. */
  async ownerChecks(entry: string, recordsBefore: number): Promise<void> {
    await this.sync();
    this.rig.tally.entryPoints.add(`telegram:${entry} (owner)`);
    const typed = this.rig.recordsSize() - recordsBefore;
    if (typed !== 0) {
      this.rig.tally.unintendedKeystrokes += 1;
      this.findings.breaches.push(`owner ${entry} typed ${typed} bytes`);
    }
    if ((await this.rig.snapshot()).lockdown) this.findings.breaches.push(`owner ${entry} engaged LOCKDOWN`);
  }

  /**
   * `/send <canary> <payload>`: the pane gets exactly the text (trimmed, as a chat message is read)
   * and Enter, or nothing when Tower refused; a sentinel typed through the local API marks the end.
   */
  async sendTo(pane: CanaryPane, payload: string, index: number): Promise<void> {
    const start = recorded(pane.record).length;
    const total = this.rig.recordsSize();
    const mark = this.lastId();
    await this.ownerSays(`/send ${pane.session.number} ${payload}`);
    await this.sync();
    const accepted = this.rig.emulator
      .botMessages(OWNER)
      .some((m) => m.messageId > mark && m.text.startsWith(`⌨ Sent to session ${pane.session.number}`));
    const sentinel = `[[sentinel ${index}]]`;
    await this.rig.tower.api.sendText({ session: pane.session.id, text: sentinel, submit: false });
    const got = await untilSentinel(pane.record, start, Buffer.from(sentinel));
    const want = accepted ? Buffer.from(`${payload.trim()}\r`) : Buffer.alloc(0);
    this.rig.tally.entryPoints.add('telegram:/send to a canary (owner)');
    this.rig.tally.checks += 1;
    if (accepted) this.findings.sent += 1;
    else this.findings.refused += 1;
    const others = this.rig.recordsSize() - total - got.length - Buffer.byteLength(sentinel);
    if (!got.equals(want) || others !== 0) {
      this.rig.tally.unintendedKeystrokes += 1;
      this.findings.breaches.push(
        `/send ${JSON.stringify(payload.slice(0, 40))} ${accepted ? 'accepted' : 'refused'}: pane got ${JSON.stringify(got.toString().slice(0, 60))}, other panes ${others} bytes`,
      );
    }
  }
}

async function untilSentinel(record: string, from: number, sentinel: Buffer): Promise<Buffer> {
  const deadline = Date.now() + 5_000;
  for (;;) {
    const tail = recorded(record).subarray(from);
    const at = tail.indexOf(sentinel);
    if (at >= 0) return tail.subarray(0, at);
    if (Date.now() > deadline) throw new Error(`sentinel ${sentinel.toString()} never arrived`);
    await new Promise((r) => setTimeout(r, 5));
  }
}
