// The React popover in Debian's Chromium against the real headless API server and a real Supervisor
// over fake terminals: what the owner sees, and that a click types exactly what it should, once.
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  ARTIFACTS,
  buildRenderer,
  chromiumMissing,
  launchChromium,
  openPopover,
  startTower,
} from './harness';
import type { UiTower } from './harness';

if (chromiumMissing !== null) console.warn(`UI tests skipped: ${chromiumMissing}`);

const LONG_COMMAND =
  'rm -rf ./build && npm ci --ignore-scripts && npm test -- --coverage --reporter=verbose ' +
  '&& curl -fsSL https://example.invalid/really/long/path/that/goes/on/and/on/install.sh | sh # tail-marker';

describe.skipIf(chromiumMissing !== null)('tray popover in Chromium', () => {
  let built: { dir: string; remove: () => Promise<void> };
  let browser: Browser;
  let tower: UiTower;

  beforeAll(async () => {
    built = await buildRenderer();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await built?.remove();
  });
  beforeEach(async () => {
    tower = await startTower(built.dir);
  });
  afterEach(async () => {
    await tower.stop();
  });

  it('shows every terminal grouped by provider, with state words, evidence and screen lines', async () => {
    tower.tmux.add({
      title: 'api-server',
      currentCommand: 'claude',
      lines: ['AGENT claude 2.1.0', 'STATE working'],
    });
    tower.pty.add({ title: 'docs', currentCommand: 'codex', lines: ['AGENT codex 0.169.0', 'STATE idle'] });
    await tower.supervisor.start();
    const { page, context, errors } = await openPopover(browser, tower);
    await page.getByRole('tab', { name: 'Ground truth' }).click();

    const tmux = page.getByRole('region', { name: /tmux/ });
    const api = tmux.getByRole('article', { name: /api-server/ });
    await expect.poll(() => api.locator('[data-state]').textContent()).toContain('Working');
    expect(await api.textContent()).toContain('claude 2.1.0');
    expect(await api.textContent()).toMatch(/for \d+s/);
    expect(await api.textContent()).toContain('Evidence: STATE working');
    expect(await api.getByLabel(/Last screen lines/).textContent()).toContain('AGENT claude 2.1.0');
    const pty = page.getByRole('region', { name: /pty/ });
    expect(await pty.getByRole('article', { name: /docs/ }).locator('[data-state]').textContent()).toContain(
      'Idle',
    );
    expect(errors).toEqual([]);
    await context.close();
  });

  it('shows a permission prompt with its full command; Approve types the approve key exactly once', async () => {
    const id = tower.tmux.add({
      title: 'builder',
      currentCommand: 'claude',
      lines: ['AGENT claude 2.1.0', `ASK ${LONG_COMMAND}`],
    });
    tower.tmux.onType = (tid) => tower.tmux.setScreen(tid, ['AGENT claude 2.1.0', 'STATE working']);
    await tower.supervisor.start();
    const { page, context, errors } = await openPopover(browser, tower);

    await expect.poll(() => page.getByRole('tab', { name: /Approvals/ }).textContent()).toContain('1');
    const subject = page.getByLabel('Exact bash for session 1');
    expect(await subject.textContent()).toBe(LONG_COMMAND);
    // In full and visible: the box wraps and grows; it neither clips nor scrolls the tail away.
    expect(
      await page.evaluate<boolean>(
        "(() => { const el = document.querySelector('pre.subject'); return el.scrollWidth <= el.clientWidth && el.scrollHeight <= el.clientHeight; })()",
      ),
    ).toBe(true);
    await page.screenshot({ path: join(ARTIFACTS, 'popover-pending-approval.png') });

    await page.getByRole('button', { name: 'Approve session 1' }).click();
    await expect
      .poll(() => page.getByRole('status').filter({ hasText: 'Approved' }).textContent())
      .toContain('Approved: typed 1 (the prompt closed)');
    expect(tower.tmux.typed(id)).toEqual([{ kind: 'keys', keys: ['1'] }]);
    await expect.poll(() => page.getByText('Nothing is waiting for you.').isVisible()).toBe(true);
    expect(tower.tmux.typed(id)).toHaveLength(1);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('answers with the keyboard (D denies) and "always allow" needs its own confirmation', async () => {
    const id = tower.tmux.add({
      title: 'kb',
      currentCommand: 'claude',
      lines: ['AGENT claude 2.1.0', 'ASK npm test'],
    });
    tower.tmux.onType = (tid) => tower.tmux.setScreen(tid, ['AGENT claude 2.1.0', 'STATE working']);
    await tower.supervisor.start();
    const { page, context } = await openPopover(browser, tower);

    const card = page.getByRole('article', { name: /kb/ });
    await page.getByRole('button', { name: 'Always allow for session 1…' }).click();
    expect(tower.tmux.typed(id)).toEqual([]);
    await page.getByRole('button', { name: 'Cancel' }).click();
    await card.focus();
    await page.keyboard.press('d');
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Denied' }).count()).toBe(1);
    expect(tower.tmux.typed(id)).toEqual([{ kind: 'keys', keys: ['3'] }]);
    await context.close();
  });

  it('renders hostile titles and screen lines inert, with hidden characters made visible', async () => {
    const hostile = '<img src=x onerror="window.__pwned=1">evil\u202Egnp.exe\u200B';
    tower.tmux.add({
      title: hostile,
      currentCommand: 'claude',
      lines: ['AGENT claude 2.1.0', `<script>window.__pwned=2</script>\u2066line`, `ASK echo ${hostile}`],
    });
    await tower.supervisor.start();
    const { page, context, errors } = await openPopover(browser, tower);
    await page.getByLabel('Exact bash for session 1').waitFor();
    expect(await page.locator('img, script:not([src])').count()).toBe(0);
    expect(await page.evaluate('window.__pwned')).toBeUndefined();
    const subject = await page.getByLabel('Exact bash for session 1').textContent();
    expect(subject).toContain('<img src=x onerror="window.__pwned=1">evil⟨U+202E⟩gnp.exe⟨U+200B⟩');
    expect(subject).not.toContain('\u202E');
    expect(await page.getByRole('alert').filter({ hasText: 'hidden or direction-changing' }).count()).toBe(1);

    await page.getByRole('tab', { name: 'Ground truth' }).click();
    const screen = await page.getByLabel('Last screen lines of session 1').textContent();
    expect(screen).toContain('<script>window.__pwned=2</script>⟨U+2066⟩line');
    expect(await page.evaluate('window.__pwned')).toBeUndefined();
    expect(errors).toEqual([]);
    await context.close();
  });

  it('engages LOCKDOWN in one click and asks before lifting it', async () => {
    const id = tower.tmux.add({
      title: 'locked',
      currentCommand: 'claude',
      lines: ['AGENT claude 2.1.0', 'ASK make deploy'],
    });
    await tower.supervisor.start();
    const { page, context } = await openPopover(browser, tower);

    await page.getByRole('tab', { name: 'Controls' }).click();
    await page.getByRole('button', { name: 'Engage LOCKDOWN' }).click();
    await page.getByRole('alert').filter({ hasText: 'LOCKDOWN engaged' }).waitFor();
    expect((await tower.supervisor.getSnapshot()).lockdown).toBe(true);
    await page.screenshot({ path: join(ARTIFACTS, 'popover-lockdown.png') });

    await page.getByRole('tab', { name: /Approvals/ }).click();
    expect(await page.getByRole('button', { name: 'Approve session 1' }).isDisabled()).toBe(true);
    expect(tower.tmux.typed(id)).toEqual([]);

    await page.getByRole('tab', { name: 'Controls' }).click();
    await page.getByRole('button', { name: 'Lift LOCKDOWN…' }).click();
    expect((await tower.supervisor.getSnapshot()).lockdown).toBe(true);
    await page.getByRole('button', { name: 'Yes, lift LOCKDOWN' }).click();
    await expect.poll(async () => (await tower.supervisor.getSnapshot()).lockdown).toBe(false);
    await page.getByRole('button', { name: 'Engage LOCKDOWN' }).waitFor();
    await context.close();
  });

  it('opens an agent from the exact argv shown, then sends text to it', async () => {
    await tower.supervisor.start();
    const { page, context } = await openPopover(browser, tower);
    await page.getByRole('tab', { name: 'Controls' }).click();
    await page.getByLabel('Command').fill(`claude --append-system-prompt 'be brief'`);
    const argv = await page
      .getByRole('list', { name: 'Arguments that will run' })
      .getByRole('listitem')
      .allTextContents();
    expect(argv).toEqual(['claude', '--append-system-prompt', 'be brief']);
    await page.getByRole('button', { name: 'Open agent' }).click();
    await page.getByText('Opened session #1.').waitFor();

    const [opened] = (await tower.tmux.list()).map((t) => t.id);
    expect(opened).toBeDefined();
    await page.getByLabel('Text to send to session 1').fill('hello');
    await page.getByRole('button', { name: 'Send text to session 1' }).click();
    await page.getByText('Sent.').waitFor();
    expect(tower.tmux.typed(opened ?? '')).toContainEqual({ kind: 'text', text: 'hello' });
    await context.close();
  });

  for (const colorScheme of ['light', 'dark'] as const) {
    it(`fits 400×600 without horizontal overflow (${colorScheme})`, async () => {
      tower.tmux.add({
        title: 'a-very-long-title-without-any-spaces-that-could-push-the-layout-wider-than-the-popover',
        currentCommand: 'claude',
        lines: ['AGENT claude 2.1.0', `ASK ${'x'.repeat(300)}`],
      });
      tower.pty.add({
        title: 'idle',
        currentCommand: 'codex',
        lines: ['AGENT codex 0.169.0', 'STATE idle', 'y'.repeat(200)],
      });
      await tower.supervisor.start();
      const { page, context } = await openPopover(browser, tower, { colorScheme });
      for (const tab of ['Approvals', 'Ground truth', 'Controls']) {
        await page.getByRole('tab', { name: new RegExp(tab) }).click();
        const overflow = await page.evaluate<number>(
          'document.documentElement.scrollWidth - document.documentElement.clientWidth',
        );
        expect(overflow, `${tab} overflows`).toBeLessThanOrEqual(0);
        await page.screenshot({
          path: join(ARTIFACTS, `popover-${tab.toLowerCase().replace(' ', '-')}-${colorScheme}.png`),
        });
      }
      await context.close();
    });
  }
});
