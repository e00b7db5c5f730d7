import { describe, expect, it } from 'vitest';
import type { SessionView } from '../contract/dto';
import type { TerminalInfo } from './ports';
import { Supervisor } from './supervisor';
import { FakeClock } from './testing/fake-clock';
import { FakeTerminalDriver } from './testing/fake-terminal-driver';
import { MemoryAuditSink, MemoryStore } from './testing/memory-audit';
import { scriptedDetector } from './testing/scripted-detector';

/**
 * A provider whose listing is taken when asked but delivered only when the test releases it: a
 * scan is "in flight" for as long as the test wants, like a slow `tmux list-panes` under load.
 */
class SlowListingDriver extends FakeTerminalDriver {
  private readonly held: (() => void)[] = [];

  override async list(): Promise<readonly TerminalInfo[]> {
    const taken = await super.list();
    await new Promise<void>((resolve) => this.held.push(resolve));
    return taken;
  }

  /** Listings taken but not delivered yet. */
  get pending(): number {
    return this.held.length;
  }

  /** Delivers every listing asked for so far; true if there was any. */
  release(): boolean {
    const held = this.held.splice(0);
    for (const deliver of held) deliver();
    return held.length > 0;
  }
}

function setup() {
  const clock = new FakeClock();
  const driver = new SlowListingDriver('tmux');
  const supervisor = new Supervisor({
    drivers: [driver],
    detector: scriptedDetector,
    clock,
    audit: new MemoryAuditSink(),
    store: new MemoryStore(),
    options: { stallAfterMs: 60_000, settleMs: 0, confirmTimeoutMs: 1_000, confirmPollMs: 100 },
  });
  return { clock, driver, supervisor };
}

async function microtasks(): Promise<void> {
  for (let i = 0; i < 50; i += 1) await Promise.resolve();
}

/** Releases listings until `work` settles (each release lets the scans behind it proceed). */
async function drive<T>(driver: SlowListingDriver, work: Promise<T>): Promise<T> {
  let settled = false;
  const done = work.finally(() => {
    settled = true;
  });
  for (let rounds = 0; !settled && rounds < 1_000; rounds += 1) {
    driver.release();
    await microtasks();
  }
  return done;
}

describe('Scanner under concurrent opens', () => {
  it('two or three agents opened at once each get their own session, none "did not appear"', async () => {
    const t = setup();
    await drive(t.driver, t.supervisor.start());
    // Staggered like three clicks: each open lands while the previous one's listing is still out.
    const opens: Promise<SessionView>[] = [];
    for (const title of ['alpha', 'beta', 'gamma']) {
      opens.push(t.supervisor.openAgent({ command: ['claude'], title, cwd: '/work' }));
      await microtasks();
      expect(t.driver.pending).toBe(1);
    }
    const views = await drive(t.driver, Promise.all(opens));
    expect(views.map((v) => v.title)).toEqual(['alpha', 'beta', 'gamma']);
    expect(new Set(views.map((v) => v.id)).size).toBe(3);
    const snapshot = await t.supervisor.getSnapshot();
    expect(snapshot.sessions.map((s) => s.title).sort()).toEqual(['alpha', 'beta', 'gamma']);
    t.supervisor.stop();
  });

  it('a scan asked for while one is in flight waits for a listing taken after the request', async () => {
    const t = setup();
    await drive(t.driver, t.supervisor.start());
    // A periodic scan takes its listing now, before the terminal exists…
    const inFlight = t.supervisor.scanNow(true);
    await microtasks();
    // …then a terminal appears and someone asks for a scan while that listing is still out.
    t.driver.add({ title: 'late', currentCommand: 'claude', lines: ['STATE idle'] });
    const mine = t.supervisor.scanNow(true);
    await drive(t.driver, mine);
    const snapshot = await t.supervisor.getSnapshot();
    expect(snapshot.sessions.map((s) => s.title)).toContain('late');
    await drive(t.driver, inFlight);
    t.supervisor.stop();
  });
});

describe('Scanner when a terminal vanishes', () => {
  it('a failed read lists again at once: the session is gone long before the periodic scan', async () => {
    const clock = new FakeClock();
    const driver = new FakeTerminalDriver('tmux');
    const supervisor = new Supervisor({
      drivers: [driver],
      detector: scriptedDetector,
      clock,
      audit: new MemoryAuditSink(),
      store: new MemoryStore(),
      options: { stallAfterMs: 60_000, settleMs: 0, confirmTimeoutMs: 1_000, confirmPollMs: 100 },
    });
    const id = driver.add({ currentCommand: 'claude', lines: ['STATE idle'] });
    await supervisor.start();
    // The pane dies: its output signal arrives, but reading it fails and the provider no longer lists it.
    driver.remove(id);
    driver.signal(id);
    await clock.advance(300); // the periodic full scan is 2 s away
    const view = (await supervisor.getSnapshot()).sessions[0];
    expect(view).toMatchObject({ gone: true });
    supervisor.stop();
  });

  it('a screen read after the agent exited lists again at once: its exit code shows without waiting', async () => {
    const clock = new FakeClock();
    const driver = new FakeTerminalDriver('tmux');
    const supervisor = new Supervisor({
      drivers: [driver],
      detector: scriptedDetector,
      clock,
      audit: new MemoryAuditSink(),
      store: new MemoryStore(),
      options: { stallAfterMs: 60_000, settleMs: 0, confirmTimeoutMs: 1_000, confirmPollMs: 100 },
    });
    const id = driver.add({ currentCommand: 'claude', lines: ['STATE idle'] });
    await supervisor.start();
    driver.setInfo(id, { alive: false, exitCode: 3 });
    driver.signal(id);
    await clock.advance(300);
    const view = (await supervisor.getSnapshot()).sessions[0];
    expect(view).toMatchObject({ state: 'exited', gone: false });
    expect(view?.evidence.join(' ')).toMatch(/code 3/);
    supervisor.stop();
  });
});
