/**
 * The UI test harness: builds the React renderer once, serves it from the REAL API server over a real
 * Supervisor whose terminals are fakes, and drives Debian's Chromium with playwright-core.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { build } from 'vite';
import { SystemClock } from '../../electron/adapters/system/system-clock';
import { Supervisor } from '../../electron/core/supervisor';
import { FakeTerminalDriver } from '../../electron/core/testing/fake-terminal-driver';
import { MemoryAuditSink, MemoryStore } from '../../electron/core/testing/memory-audit';
import { scriptedDetector } from '../../electron/core/testing/scripted-detector';
import { startApiServer } from '../../electron/transport/ws-server-transport';
import type { ApiServer } from '../../electron/transport/ws-server-transport';
import { rendererConfig } from '../../renderer.vite.config';

/** Debian's Chromium; the tests skip (saying why) only when it is missing. */
export const CHROMIUM = '/usr/bin/chromium';
export const chromiumMissing = existsSync(CHROMIUM)
  ? null
  : `${CHROMIUM} is missing (apt-get install -y chromium; .ci/run installs it)`;

/** Where screenshots are saved as artifacts. */
export const ARTIFACTS = join(import.meta.dirname, '..', '..', 'out', 'ui-artifacts');

/** Builds the renderer into a temporary directory; returns it and a cleanup function. */
export async function buildRenderer(): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'tower-ui-'));
  await build({ ...rendererConfig(dir), configFile: false, logLevel: 'silent' });
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** A running Tower: supervisor over fake tmux and pty drivers, served on 127.0.0.1. */
export interface UiTower {
  readonly tmux: FakeTerminalDriver;
  readonly pty: FakeTerminalDriver;
  readonly supervisor: Supervisor;
  readonly server: ApiServer;
  readonly audit: MemoryAuditSink;
  stop(): Promise<void>;
}

/** Starts the real Supervisor (real clock, short timings) behind the real server. */
export async function startTower(staticDir: string): Promise<UiTower> {
  const tmux = new FakeTerminalDriver('tmux');
  const pty = new FakeTerminalDriver('pty');
  const audit = new MemoryAuditSink();
  const supervisor = new Supervisor({
    drivers: [tmux, pty],
    detector: scriptedDetector,
    clock: new SystemClock(),
    audit,
    store: new MemoryStore(),
    options: {
      fullScanEveryMs: 200,
      settleMs: 20,
      confirmPollMs: 20,
      confirmTimeoutMs: 2_000,
      submitDelayMs: 10,
    },
  });
  const server = await startApiServer({ backend: supervisor, staticDir });
  return {
    tmux,
    pty,
    supervisor,
    server,
    audit,
    stop: async () => {
      supervisor.stop();
      await server.close();
    },
  };
}

/** Launches headless Chromium with the flags that work offline in a container. */
export async function launchChromium(): Promise<Browser> {
  await mkdir(ARTIFACTS, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Opens the popover-sized page on the dashboard URL and waits until it is connected. */
export async function openPopover(
  browser: Browser,
  tower: UiTower,
  options: { width?: number; height?: number; colorScheme?: 'light' | 'dark' } = {},
): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({
    viewport: { width: options.width ?? 400, height: options.height ?? 600 },
    colorScheme: options.colorScheme ?? 'light',
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  await page.goto(tower.server.dashboardUrl);
  await page.getByRole('status').filter({ hasText: 'Connected' }).waitFor();
  return { context, page, errors };
}
