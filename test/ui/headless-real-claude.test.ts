// The popover in Chromium against the headless PROGRAM (startHeadless: the same composition root as
// `npm start` — audit log, policy.yaml in shadow mode, approvals queue, secrets file, Telegram bridge)
// with the REAL Claude Code in a real tmux pane talking to the local model stand-in. Checks what an
// owner checks: the pane and its state; the permission prompt arrives in Approvals from the approvals
// queue (with why it needs the owner); Approve makes the command really run and the ended item says who
// answered where; a bridge that is down says why; a secret set in Settings is stored 0600 and never
// shown again; LOCKDOWN disables typing. Screenshots (400×600, light and dark) go to out/ui-artifacts.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHeadless } from '../../electron/headless/main';
import { createHttpClient } from '../../electron/transport/http-client';
import { readRuntimeFile } from '../../electron/transport/runtime-file';
import type { TowerApi } from '../../electron/contract/api';
import { prepareClaude } from '../agents/claude-agent';
import { startModelStandIn } from '../agents/model-stand-in';
import type { ModelStandIn } from '../agents/model-stand-in';
import { ARTIFACTS, buildRenderer, chromiumMissing, launchChromium } from './harness';
import { removeLaunchRoot } from '../agents/remove-launch-root';
import jsQR from 'jsqr';
import { generate } from 'otplib';
import { OtplibTotpVerifier } from '../../electron/adapters/phone/otplib-totp';

/** The little of a DOM element the QR check reads (this tsconfig has no DOM types). */
interface DomElement {
  getAttribute(name: string): string | null;
  querySelectorAll(selector: string): ArrayLike<DomElement>;
}

/** Decodes a QR drawn as unit squares at (x, y) in a `size`-unit view box (4 px per unit). */
function readQr(size: number, dark: readonly number[][]): string | null {
  const px = 4;
  const side = size * px;
  const pixels = new Uint8ClampedArray(side * side * 4).fill(255);
  for (const [x = 0, y = 0] of dark)
    for (let dy = 0; dy < px; dy++)
      for (let dx = 0; dx < px; dx++) {
        const at = ((y * px + dy) * side + x * px + dx) * 4;
        pixels.fill(0, at, at + 3);
      }
  return jsQR(pixels, side, side)?.data ?? null;
}

const SOCKET = `tower-ui-headless-${process.pid}`;
// Well-formed (so the bridge really tries), but Telegram answers 401 for it.
const TOKEN_BODY = 'Zq7xTokenBodyZq7x';
const BAD_TOKEN = `123456789:AAH${TOKEN_BODY.repeat(2)}`;

/** A Telegram Bot API stand-in that rejects the token, as Telegram does for a revoked bot. */
function startRejectingTelegram(): Promise<{ url: string; server: Server }> {
  const server = createServer((_req, res) => {
    res.writeHead(401, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ ok: false, error_code: 401, description: 'Unauthorized' }));
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      resolve({ url: `http://127.0.0.1:${port}`, server });
    }),
  );
}

async function shoot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(ARTIFACTS, `${name}-light.png`) });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: join(ARTIFACTS, `${name}-dark.png`) });
  await page.emulateMedia({ colorScheme: 'light' });
}

describe.skipIf(chromiumMissing !== null)('popover against headless Tower with the real Claude Code', () => {
  let built: { dir: string; remove: () => Promise<void> };
  let browser: Browser;
  let standIn: ModelStandIn;
  let telegram: { url: string; server: Server };
  let tower: { url: string; stop: () => Promise<void> };
  let api: TowerApi;
  let home: string;
  /** The real Claude Code session the first test opens (idle afterwards), for the LOCKDOWN test. */
  let claude: { id: string; number: number } | null = null;
  const tmuxTmpdir = process.env.TMUX_TMPDIR;

  beforeAll(async () => {
    // Tower watches every tmux server of the user; a private TMUX_TMPDIR keeps it to this test's own
    // (other suites' panes would otherwise show up, and answering them is not this test's business).
    process.env.TMUX_TMPDIR = await mkdtemp(join(tmpdir(), 'tower-ui-tmux-'));
    built = await buildRenderer();
    browser = await launchChromium();
    standIn = await startModelStandIn();
    telegram = await startRejectingTelegram();
    home = await mkdtemp(join(tmpdir(), 'tower-ui-home-'));
    tower = await startHeadless({
      ...process.env,
      TOWER_HOME: home,
      TOWER_PORT: '0',
      TOWER_TMUX_SOCKET: SOCKET,
      TOWER_UI_DIR: built.dir,
      TOWER_TELEGRAM_TOKEN: BAD_TOKEN,
      TOWER_TELEGRAM_API_ROOT: telegram.url,
    });
    // The CLI's way in: the runtime file the headless program published.
    const running = await readRuntimeFile({ TOWER_HOME: home });
    if (running.kind !== 'running') throw new Error(`not published: ${running.reason}`);
    api = createHttpClient({ url: running.info.url, token: running.info.token, timeoutMs: 90_000 });
  }, 120_000);

  afterAll(async () => {
    await tower?.stop();
    await standIn?.close();
    telegram?.server.close();
    await browser?.close();
    await built?.remove();
    try {
      execFileSync('tmux', ['-L', SOCKET, 'kill-server'], { stdio: 'ignore' });
    } catch {
      // already gone
    }
    if (tmuxTmpdir === undefined) delete process.env.TMUX_TMPDIR;
    else process.env.TMUX_TMPDIR = tmuxTmpdir;
    // $TOWER_HOME stays (in the temp dir) for inspection: the audit log and state of the run.
  });

  it('shows the pane and its state, the prompt from the approvals queue, runs it on Approve, and says who answered', async () => {
    const launch = prepareClaude({ baseUrl: standIn.url, prompt: 'create the marker file' });
    const marker = join(launch.cwd, 'marker');
    const command = `touch ${marker}`;
    standIn.setScript([
      { kind: 'bash', command, description: 'Create the marker file', delayMs: 600 },
      { kind: 'text', text: 'Done.' },
    ]);
    const env = Object.entries(launch.env).map(([k, v]) => `${k}=${v}`);
    const context = await browser.newContext({ viewport: { width: 400, height: 600 }, colorScheme: 'light' });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    try {
      await page.goto(tower.url);
      await page.getByRole('status').filter({ hasText: 'Connected' }).waitFor();
      await page.getByText('Nothing is waiting for you.').waitFor();
      await shoot(page, 'popover-idle');

      const session = await api.openAgent({
        command: ['env', '-i', ...env, ...launch.command],
        cwd: launch.cwd,
        provider: 'tmux',
        title: 'claude-ui',
      });
      claude = { id: session.id, number: session.number };

      await page.getByRole('tab', { name: 'Ground truth' }).click();
      // Claude Code retitles its pane, so the card is found by session number, not by title.
      const card = page.locator(`article[data-session="${session.number}"]`);
      await card.waitFor({ timeout: 60_000 });
      await expect.poll(() => card.textContent(), { timeout: 60_000 }).toMatch(/claude 2\.1\.\d+/);
      const badge = card.locator('[data-state]');
      await expect
        .poll(() => badge.getAttribute('data-state'), { timeout: 60_000 })
        .toMatch(/^(starting|working|permission)$/);

      await page.getByRole('tab', { name: /Approvals/ }).click();
      const subject = page.getByLabel(`Exact bash for session ${session.number}`);
      await subject.waitFor({ timeout: 90_000 });
      expect(await subject.textContent()).toContain(command);
      // It came through the approvals queue: the card says why it needs the owner (shadow-mode policy).
      await page.getByText(/Why you: .*shadow mode/).waitFor({ timeout: 30_000 });
      const snapshot = await api.getSnapshot();
      expect(snapshot.approvals.some((a) => a.session === session.id && a.status === 'pending')).toBe(true);
      expect(existsSync(marker)).toBe(false);
      await shoot(page, 'popover-pending-approval');

      await page.getByRole('button', { name: `Approve session ${session.number}` }).click();
      await expect.poll(() => existsSync(marker), { timeout: 60_000 }).toBe(true);
      const ended = page.getByRole('list', { name: 'Ended approvals' });
      await expect
        .poll(() => ended.textContent(), { timeout: 30_000 })
        .toMatch(/Approved via browser at .* — typed/);
      await page.getByRole('tab', { name: 'Ground truth' }).click();
      await expect.poll(() => badge.getAttribute('data-state'), { timeout: 90_000 }).toBe('idle');
      await shoot(page, 'popover-ground-truth-idle');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
      removeLaunchRoot(launch.root);
    }
  }, 240_000);

  it('enrolls the phone PIN: the QR shown once reads as a seed whose codes the phone line accepts', async () => {
    const context = await browser.newContext({ viewport: { width: 400, height: 600 } });
    const page = await context.newPage();
    try {
      await page.goto(tower.url);
      await page.getByRole('status').filter({ hasText: 'Connected' }).waitFor();
      await page.getByRole('tab', { name: 'Settings' }).click();
      await page.getByRole('button', { name: 'Enroll phone PIN' }).click();
      const qr = page.getByRole('img', { name: 'QR code of the phone PIN seed' });
      await qr.waitFor();
      // What a phone's camera reads: the dark modules as drawn, decoded by a QR reader.
      const drawn = await qr.evaluate((svg: DomElement) => ({
        size: Number(svg.getAttribute('viewBox')?.split(' ')[2]),
        dark: Array.from(svg.querySelectorAll('rect[fill="#000"]'), (r) => [
          Number(r.getAttribute('x')),
          Number(r.getAttribute('y')),
        ]),
      }));
      const uri = readQr(drawn.size, drawn.dark);
      const seed = new URL(uri ?? 'x:').searchParams.get('secret') ?? '';
      expect(seed).toMatch(/^[A-Z2-7]{32}$/u);
      expect(await page.getByLabel('Key to type by hand', { exact: true }).textContent()).toBe(
        seed.replace(/(.{4})(?=.)/gu, '$1 '),
      );
      // Stored where the phone line reads it, and a code from an authenticator app with this seed passes.
      expect(await readFile(join(home, 'secrets.json'), 'utf8')).toContain(seed);
      const code = await generate({ secret: seed });
      expect(await new OtplibTotpVerifier(seed).verify(code, Date.now(), null)).toMatchObject({
        valid: true,
      });
      // Shown once: gone after Done, and Settings now offers only a confirmed replacement.
      await page.getByRole('button', { name: /Done/ }).click();
      expect(await page.content()).not.toContain(seed);
      await page.getByRole('button', { name: 'Replace phone PIN seed…' }).waitFor();
      expect(await page.getByRole('button', { name: 'Enroll phone PIN' }).count()).toBe(0);
      expect(await readFile(join(home, 'audit.jsonl'), 'utf8')).not.toContain(seed);
    } finally {
      await context.close();
    }
  }, 120_000);

  it('shows the Telegram bridge down with the reason, and keeps a secret set in Settings out of view', async () => {
    const context = await browser.newContext({ viewport: { width: 400, height: 600 }, colorScheme: 'light' });
    const page = await context.newPage();
    try {
      await page.goto(tower.url);
      await page.getByRole('status').filter({ hasText: 'Connected' }).waitFor();
      await page.getByRole('tab', { name: /Bridges/ }).click();
      const bridge = page.locator('[data-bridge="telegram"]');
      await expect.poll(() => bridge.getAttribute('data-state'), { timeout: 60_000 }).toBe('down');
      const reason = await bridge.getByRole('alert').textContent();
      expect(reason).toMatch(/^Why it is down: .+/);
      expect(reason).not.toContain(TOKEN_BODY); // the token itself never reaches any UI
      await shoot(page, 'popover-bridge-down');

      await page.getByRole('tab', { name: 'Settings' }).click();
      const value = '987654321:AAH-settings-secret-WXYZ';
      await page.getByLabel('Twilio auth token', { exact: true }).fill(value);
      await page.getByRole('button', { name: 'Save Twilio auth token' }).click();
      const row = page.locator('[data-secret="twilio.authToken"]');
      await expect.poll(() => row.textContent(), { timeout: 10_000 }).toContain('Set …WXYZ');
      expect(await page.getByLabel('Twilio auth token', { exact: true }).inputValue()).toBe('');
      expect(await page.content()).not.toContain('settings-secret');
      const file = join(home, 'secrets.json');
      expect((await stat(file)).mode & 0o777).toBe(0o600);
      expect(await readFile(file, 'utf8')).toContain(value);
      expect(await readFile(join(home, 'audit.jsonl'), 'utf8')).not.toContain('settings-secret');
    } finally {
      await context.close();
    }
  }, 120_000);

  it('LOCKDOWN from the popover disables typing everywhere', async () => {
    if (claude === null) throw new Error('the first test did not open Claude Code');
    const session = claude;
    const context = await browser.newContext({ viewport: { width: 400, height: 600 } });
    const page = await context.newPage();
    try {
      await page.goto(tower.url);
      await page.getByRole('status').filter({ hasText: 'Connected' }).waitFor();
      await page.getByRole('tab', { name: 'Controls' }).click();
      const input = page.getByLabel(`Text to send to session ${session.number}`);
      expect(await input.isDisabled()).toBe(false);
      // Focus tab brings the pane forward (tmux select-window/select-pane) and types nothing.
      await page.getByRole('button', { name: `Focus session ${session.number}'s terminal` }).click();
      await page.getByRole('status').filter({ hasText: 'Brought to the front.' }).waitFor();
      await page.getByRole('button', { name: 'Engage LOCKDOWN' }).click();
      await page.getByRole('alert').filter({ hasText: 'LOCKDOWN engaged' }).waitFor();
      await expect.poll(() => input.isDisabled(), { timeout: 10_000 }).toBe(true);
      await expect(api.sendText({ session: session.id, text: 'hello' })).rejects.toThrow(/LOCKDOWN/);
      await shoot(page, 'popover-lockdown');
    } finally {
      await api.lockdown({ engaged: false });
      await api.closeAgent({ session: session.id }).catch(() => undefined);
      await context.close();
    }
  }, 60_000);
});
