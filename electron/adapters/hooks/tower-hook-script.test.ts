/**
 * The real hook command (native-scripts/hooks/tower-hook.mjs) run as Claude Code runs it: event JSON on
 * stdin, decision JSON on stdout. Against a local server standing in for Tower's /hooks route.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HOOK_SCRIPT, planHookConfig, writeHookConfig, type HookConfig } from './hook-command';

interface Seen {
  readonly path: string;
  readonly secret: string | undefined;
  readonly body: { v: number; terminal: Record<string, unknown>; event: Record<string, unknown> };
}

let root: string;
let config: HookConfig;
let server: Server | null = null;
let seen: Seen[];

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'tower-hook-script-'));
  config = planHookConfig(join(root, 'hooks'));
  seen = [];
});
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  server = null;
  rmSync(root, { recursive: true, force: true });
});

async function tower(
  answer: (req: IncomingMessage, body: string) => { status: number; body: string } | null,
) {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const secret = req.headers['x-tower-hook-secret'];
      seen.push({
        path: req.url ?? '',
        secret: typeof secret === 'string' ? secret : undefined,
        body: JSON.parse(body) as Seen['body'],
      });
      const reply = answer(req, body);
      if (reply === null) return; // hang: never answer
      res.writeHead(reply.status, { 'Content-Type': 'application/json' });
      res.end(reply.body);
    });
  });
  await new Promise<void>((r) => server?.listen(0, '127.0.0.1', () => r()));
  const address = server.address();
  return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
}

function runHook(args: string[], stdin: string, env: Record<string, string> = {}) {
  return new Promise<{ code: number | null; stdout: string }>((resolve) => {
    const child = execFile(
      process.execPath,
      [HOOK_SCRIPT, ...args],
      { env: { PATH: process.env['PATH'] ?? '', ...env }, timeout: 20_000 },
      (error, stdout) =>
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout }),
    );
    child.stdin?.end(stdin);
  });
}

const ALLOW = { hookSpecificOutput: { hookEventName: 'PermissionRequest', decision: { behavior: 'allow' } } };
const EVENT = JSON.stringify({
  hook_event_name: 'PermissionRequest',
  tool_name: 'Bash',
  tool_input: { command: 'ls' },
});

describe('tower-hook.mjs', () => {
  it('posts the event with the secret header and its terminal tag, and prints Tower’s decision', async () => {
    writeHookConfig(
      config,
      await tower(() => ({ status: 200, body: JSON.stringify({ ok: true, output: ALLOW }) })),
    );
    const result = await runHook(['claude', config.configPath, 'launchtag0001'], EVENT, {
      TMUX: '/tmp/tmux-1/default,123,0',
      TMUX_PANE: '%5',
    });
    expect(result).toEqual({ code: 0, stdout: JSON.stringify(ALLOW) });
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ path: '/hooks/claude', secret: config.secret });
    expect(seen[0]?.body).toMatchObject({
      v: 1,
      terminal: { launch: 'launchtag0001', tmux: '/tmp/tmux-1/default,123,0', pane: '%5' },
      event: JSON.parse(EVENT) as object,
    });
    expect((seen[0]?.body.terminal['pids'] as number[])[0]).toBe(process.pid);
  });

  it('Codex notify: the event is the last argument; nothing is printed', async () => {
    writeHookConfig(
      config,
      await tower(() => ({ status: 200, body: JSON.stringify({ ok: true, output: null }) })),
    );
    const notify = JSON.stringify({ type: 'agent-turn-complete', 'thread-id': 't' });
    const result = await runHook(['codex', config.configPath, 'launchtag0001', notify], '');
    expect(result).toEqual({ code: 0, stdout: '' });
    expect(seen[0]).toMatchObject({ path: '/hooks/codex', body: { event: { type: 'agent-turn-complete' } } });
  });

  it('fails safe: Tower down, refusing, answering junk, or hanging → no output, exit 0', async () => {
    writeHookConfig(config, 'http://127.0.0.1:9'); // nothing listens on the discard port here
    expect(await runHook(['claude', config.configPath], EVENT)).toEqual({ code: 0, stdout: '' });
    writeHookConfig(
      config,
      await tower(() => ({ status: 403, body: JSON.stringify({ ok: true, output: ALLOW }) })),
    );
    expect(await runHook(['claude', config.configPath], EVENT)).toEqual({ code: 0, stdout: '' });
    server?.close();
    writeHookConfig(config, await tower(() => ({ status: 200, body: 'not json' })));
    expect(await runHook(['claude', config.configPath], EVENT)).toEqual({ code: 0, stdout: '' });
    server?.close();
    // Hanging: the command gives up on its own (4 s) well before its 20 s kill timeout here.
    writeHookConfig(config, await tower(() => null));
    expect(await runHook(['claude', config.configPath], EVENT)).toEqual({ code: 0, stdout: '' });
    expect(await runHook(['claude', config.configPath], JSON.stringify({ hook_event_name: 'Stop' }))).toEqual(
      {
        code: 0,
        stdout: '',
      },
    );
  }, 30_000);

  it('refuses to send the secret anywhere but 127.0.0.1, and survives a missing config', async () => {
    writeHookConfig(config, 'http://example.com:80');
    expect(await runHook(['claude', config.configPath], EVENT)).toEqual({ code: 0, stdout: '' });
    expect(await runHook(['claude', join(root, 'missing.json')], EVENT)).toEqual({ code: 0, stdout: '' });
    expect(await runHook(['other', config.configPath], EVENT)).toEqual({ code: 0, stdout: '' });
  });
});
