// The popover in Chromium against Tower as the owner runs it (real Supervisor, real detector, real tmux)
// with the REAL Claude Code in a tmux pane, talking to the local model stand-in: the pane and its state
// show, the permission prompt shows its exact command, clicking Approve makes the command really run,
// and LOCKDOWN stops typing.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiServer } from '../../electron/transport/ws-server-transport';
import type { ApiServer } from '../../electron/transport/ws-server-transport';
import { prepareClaude } from '../agents/claude-agent';
import { startModelStandIn } from '../agents/model-stand-in';
import type { ModelStandIn } from '../agents/model-stand-in';
import { startTower } from '../e2e/tower-harness';
import type { TowerUnderTest } from '../e2e/tower-harness';
import { ARTIFACTS, buildRenderer, chromiumMissing, launchChromium } from './harness';
import { removeLaunchRoot } from '../agents/remove-launch-root';

const SOCKET = `tower-ui-${process.pid}`;

describe.skipIf(chromiumMissing !== null)('popover with the real Claude Code in tmux', () => {
  let built: { dir: string; remove: () => Promise<void> };
  let browser: Browser;
  let tower: TowerUnderTest;
  let ui: ApiServer;
  let standIn: ModelStandIn;

  beforeAll(async () => {
    built = await buildRenderer();
    browser = await launchChromium();
    standIn = await startModelStandIn();
    tower = await startTower(SOCKET);
    // A second server over the same Supervisor, serving the built React UI.
    ui = await startApiServer({ backend: tower.supervisor, staticDir: built.dir });
  });
  afterAll(async () => {
    await ui?.close();
    await tower?.stop();
    await standIn?.close();
    await browser?.close();
    await built?.remove();
    try {
      execFileSync('tmux', ['-L', SOCKET, 'kill-server'], { stdio: 'ignore' });
    } catch {
      // already gone
    }
  });

  it('shows the pane, its prompt in full, runs the command on Approve, and LOCKDOWN stops typing', async () => {
    const launch = prepareClaude({ baseUrl: standIn.url, prompt: 'create the marker file' });
    const marker = join(launch.cwd, 'marker');
    const command = `touch ${marker}`;
    standIn.setScript([
      { kind: 'bash', command, description: 'Create the marker file', delayMs: 600 },
      { kind: 'text', text: 'Done.' },
    ]);
    const env = Object.entries(launch.env).map(([k, v]) => `${k}=${v}`);
    const context = await browser.newContext({ viewport: { width: 400, height: 600 } });
    const page = await context.newPage();
    try {
      await page.goto(ui.dashboardUrl);
      await page.getByRole('status').filter({ hasText: 'Connected' }).waitFor();
      const session = await tower.api.openAgent({
        command: ['env', '-i', ...env, ...launch.command],
        cwd: launch.cwd,
        provider: 'tmux',
        title: 'claude-ui',
      });

      await page.getByRole('tab', { name: 'Ground truth' }).click();
      const card = page.getByRole('article', { name: /claude-ui/ });
      await card.waitFor({ timeout: 60_000 });
      await expect.poll(() => card.textContent(), { timeout: 60_000 }).toMatch(/claude 2\.1\.\d+/);

      await page.getByRole('tab', { name: /Approvals/ }).click();
      const subject = page.getByLabel(`Exact bash for session ${session.number}`);
      await subject.waitFor({ timeout: 60_000 });
      expect(await subject.textContent()).toContain(command);
      expect(existsSync(marker)).toBe(false);
      await page.screenshot({ path: join(ARTIFACTS, 'real-claude-pending-approval.png') });

      await page.getByRole('button', { name: `Approve session ${session.number}` }).click();
      await page.getByRole('status').filter({ hasText: 'Approved: typed' }).waitFor({ timeout: 30_000 });
      await expect.poll(() => existsSync(marker), { timeout: 30_000 }).toBe(true);
      await tower.waitFor(session.id, (v) => v.state === 'idle', 60_000);
      await page.screenshot({ path: join(ARTIFACTS, 'real-claude-answered.png') });

      await page.getByRole('tab', { name: 'Controls' }).click();
      await page.getByRole('button', { name: 'Engage LOCKDOWN' }).click();
      await page.getByRole('alert').filter({ hasText: 'LOCKDOWN engaged' }).waitFor();
      expect(await page.getByLabel(`Text to send to session ${session.number}`).isDisabled()).toBe(true);
      await expect(tower.api.sendText({ session: session.id, text: 'hello' })).rejects.toThrow(/LOCKDOWN/);
      await page.screenshot({ path: join(ARTIFACTS, 'real-claude-lockdown.png') });
      await tower.api.lockdown({ engaged: false });
      await tower.api.closeAgent({ session: session.id }).catch(() => undefined);
    } finally {
      await context.close();
      removeLaunchRoot(launch.root);
    }
  });
});
