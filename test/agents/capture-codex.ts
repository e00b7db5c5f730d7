import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CODEX_VERSION, prepareCodex } from './codex-agent';
import type { CodexAgentOptions } from './codex-agent';
import { fixtureSaver, pause, settle, waitForScreen, withAgent } from './capture-kit';
import type { SceneRun } from './capture-kit';
import type { ScriptStep } from './model-stand-in';
import { killServer } from './tmux-pane';

const SOCKET = 'tower-capture-codex';
const IDLE = /\? for shortcuts/;
const RUN = /Would you like to run the following command\?/;
const EDITS = /Would you like to make the following edits\?/;
const DONE = /Worked for[\s\S]*\? for shortcuts/;

const save = fixtureSaver('codex', CODEX_VERSION);

const withCodex = (
  name: string,
  script: readonly ScriptStep[],
  options: Omit<CodexAgentOptions, 'baseUrl'>,
  body: (run: SceneRun) => Promise<void>,
  extraEnv: Record<string, string> = {},
): Promise<void> =>
  withAgent(SOCKET, name, script, (baseUrl) => prepareCodex({ ...options, baseUrl }), body, extraEnv);

const runDetail = (cmd: string): string =>
  `exec approval (model asked sandbox_permissions=require_escalated); command=${cmd}; options 1. Yes, proceed (y) / 2. Yes, and don't ask again … (p) / 3. No, and tell Codex what to do differently (esc); verified keys: 'y' approves at once, Esc declines`;

/** Run every Codex scenario and write its fixtures. */
export async function captureCodex(only?: string): Promise<void> {
  const want = (n: string): boolean => !only || n.includes(only);

  if (want('idle-fresh'))
    await withCodex('idle-fresh', [], {}, async ({ pane }) => {
      await waitForScreen(pane, IDLE);
      save(
        'codex-idle-fresh',
        { expected: 'idle', detail: 'fresh session, empty composer with placeholder, no turn yet' },
        await settle(pane, 1500),
      );
    });

  if (want('working'))
    await withCodex(
      'working',
      [{ kind: 'text', text: 'Finished thinking.', delayMs: 12_000 }],
      { prompt: 'think' },
      async ({ pane }) => {
        await waitForScreen(pane, /esc to interrupt/i);
        await pause(3000);
        save(
          'codex-working-status',
          {
            expected: 'working',
            detail:
              'stand-in holds the response 12 s; "• Working (Ns • esc to interrupt)" status row above the composer',
          },
          await pane.capture(),
        );
      },
    );

  if (want('bash'))
    await withCodex('bash', [], { prompt: 'create the marker' }, async ({ pane, standIn, cwd }) => {
      const marker = join(cwd, 'marker');
      const cmd = `sleep 5 && touch ${marker}`;
      standIn.setScript([
        { kind: 'bash', command: cmd, description: 'Create the marker file' },
        { kind: 'text', text: 'Done.' },
      ]);
      await waitForScreen(pane, RUN);
      save('codex-permission-exec', { expected: 'permission', detail: runDetail(cmd) }, await settle(pane));
      await pane.keys('y');
      await pause(1500);
      save(
        'codex-working-exec-after-approve',
        {
          expected: 'working',
          detail: `right after 'y' approved the command; the command (sleep 5) is running`,
        },
        await pane.capture(),
      );
      await waitForScreen(pane, DONE, 30_000);
      save(
        'codex-idle-after-turn',
        {
          expected: 'idle',
          detail: `turn finished after an approved command; marker exists: ${existsSync(marker)}`,
        },
        await settle(pane),
      );
    });

  if (want('fullscreen'))
    await withCodex(
      'fullscreen',
      [],
      { prompt: 'explain, then create the marker' },
      async ({ pane, standIn, cwd }) => {
        const cmd = `touch ${join(cwd, 'marker')}`;
        const essay = Array.from(
          { length: 45 },
          (_, i) => `Step ${i + 1}: checked the build output for module ${i + 1}.`,
        ).join('\n');
        standIn.setScript([{ kind: 'text', text: `${essay}\n\nNow creating the marker.` }]);
        await waitForScreen(pane, /Now creating the marker[\s\S]*\? for shortcuts/);
        standIn.setScript([
          { kind: 'bash', command: cmd, description: 'Create the marker file' },
          { kind: 'text', text: 'Done.' },
        ]);
        await pane.type('go on');
        // Codex swallows an Enter that follows typed text at once (paste burst); a short pause avoids it.
        await pause(300);
        await pane.keys('Enter');
        await waitForScreen(pane, RUN);
        save(
          'codex-permission-exec-full-screen',
          { expected: 'permission', detail: `${runDetail(cmd)}; screen full of earlier transcript` },
          await settle(pane),
        );
        await pane.keys('Escape');
      },
    );

  if (want('long'))
    await withCodex('long', [], { prompt: 'run the long command' }, async ({ pane, standIn, cwd }) => {
      const marker = join(cwd, 'marker-long');
      const cmd = `mkdir -p ${cwd}/build/output/artifacts && cp -r ${cwd}/src ${cwd}/build/output/artifacts/ 2>/dev/null; echo "copying the sources into the artifacts folder before packaging" && touch ${marker}`;
      standIn.setScript([
        { kind: 'bash', command: cmd, description: 'Copy the sources into the build artifacts folder' },
        { kind: 'text', text: 'Done.' },
      ]);
      await waitForScreen(pane, RUN);
      save(
        'codex-permission-exec-long',
        { expected: 'permission', detail: runDetail('(long, wraps over lines)') },
        await settle(pane),
      );
      await pane.keys('Escape');
      await pause(1500);
      save(
        'codex-idle-after-deny',
        {
          expected: 'idle',
          detail: `after Esc on the exec approval; command not run (marker exists: ${existsSync(marker)})`,
        },
        await settle(pane),
      );
    });

  if (want('token'))
    await withCodex('token', [], { prompt: 'list the nested folder' }, async ({ pane, standIn, cwd }) => {
      // One path longer than a row: the agent must break it inside the word.
      const path = `${cwd}/${Array.from({ length: 6 }, (_, i) => `nested-directory-${i + 1}-with-a-long-name`).join('/')}`;
      const cmd = `mkdir -p ${path} && echo created`;
      standIn.setScript([
        { kind: 'bash', command: cmd, description: 'List a deeply nested folder' },
        { kind: 'text', text: 'Done.' },
      ]);
      await waitForScreen(pane, RUN);
      save(
        'codex-permission-exec-long-token',
        { expected: 'permission', detail: runDetail(`${cmd}; one path longer than a row`) },
        await settle(pane),
      );
      await pane.keys('Escape');
      await pause(1500);
    });

  if (want('write'))
    await withCodex(
      'write',
      [],
      { prompt: 'write hello.txt', sandbox: 'read-only' },
      async ({ pane, standIn, cwd }) => {
        const file = join(cwd, 'hello.txt');
        standIn.setScript([
          { kind: 'write', filePath: file, content: 'hello from the stand-in\n' },
          { kind: 'text', text: 'Done.' },
        ]);
        await waitForScreen(pane, EDITS);
        save(
          'codex-permission-patch-add',
          {
            expected: 'permission',
            detail: `patch approval (apply_patch adding ${file}, sandbox read-only); 'y' approves, Esc declines`,
          },
          await settle(pane),
        );
        await pane.keys('y');
        await waitForScreen(pane, DONE, 30_000);
        process.stdout.write(`write approved with y, file exists: ${existsSync(file)}\n`);
      },
    );

  if (want('edit'))
    await withCodex(
      'edit',
      [],
      { prompt: 'edit config.txt', sandbox: 'read-only' },
      async ({ pane, standIn, cwd }) => {
        const file = join(cwd, 'config.txt');
        writeFileSync(file, 'mode = slow\nretries = 3\n');
        standIn.setScript([
          { kind: 'edit', filePath: file, oldString: 'mode = slow', newString: 'mode = fast' },
          { kind: 'text', text: 'Done.' },
        ]);
        await waitForScreen(pane, EDITS);
        save(
          'codex-permission-patch-edit',
          {
            expected: 'permission',
            detail: `patch approval (apply_patch updating ${file}, sandbox read-only); 'y' approves, 'n' declines (verified here)`,
          },
          await settle(pane),
        );
        await pane.keys('n');
        await pause(2000);
        const after = await settle(pane);
        save(
          'codex-idle-after-patch-decline',
          {
            expected: 'idle',
            detail: `after 'n' on the patch approval; file unchanged: ${readFileSync(file, 'utf8').includes('slow')}`,
          },
          after,
        );
      },
    );

  if (want('trust'))
    await withCodex('trust', [], { trusted: false, gitRepo: true }, async ({ pane }) => {
      await waitForScreen(pane, /trust/i);
      save(
        'codex-question-trust',
        {
          expected: 'question',
          detail:
            "directory-trust dialog (untrusted folder that is a git repo; a plain folder shows none). Verified: Enter on the highlighted '› 1. Trust and continue' trusts and opens the composer; esc goes back",
        },
        await settle(pane),
      );
      await pane.keys('Enter');
      await pause(1500);
      const after = await settle(pane);
      process.stdout.write(`trust accepted with Enter -> idle: ${IDLE.test(after)}\n`);
    });

  if (want('upgrade'))
    await withCodex('upgrade', [], { model: 'gpt-5.5' }, async ({ pane }) => {
      await waitForScreen(pane, /Try new model/);
      save(
        'codex-question-model-upgrade',
        {
          expected: 'question',
          detail:
            "startup model-upgrade dialog (config model gpt-5.5): '› 1. Try new model' / '2. Use existing model'; footer 'enter/esc confirm · ^c quit' — Enter and Esc both confirm the highlighted row (switches model!); verified: '2' picks 'Use existing model'",
        },
        await settle(pane),
      );
      await pane.keys('2');
      await pause(1500);
      const after = await settle(pane);
      process.stdout.write(`after '2' on upgrade dialog:\n${after}\n`);
    });

  if (want('negative'))
    await withCodex(
      'negative',
      [
        {
          kind: 'text',
          text: 'Here is how the installer asks:\n\nDo you want to proceed?\n1. Yes\n2. No\n\nAnswer 1 to continue.',
        },
      ],
      { prompt: 'show me the installer prompt' },
      async ({ pane }) => {
        await waitForScreen(pane, /Answer 1 to continue[\s\S]*\? for shortcuts/);
        save(
          'codex-idle-negative-proceed-text',
          {
            expected: 'idle',
            detail:
              'NEGATIVE: the assistant text contains "Do you want to proceed?" and a 1./2. list, but the agent is idle',
          },
          await settle(pane),
        );
      },
    );

  if (want('error'))
    await withCodex(
      'error',
      [{ kind: 'error', status: 500, message: 'Internal server error', times: 50 }],
      { prompt: 'hello' },
      async ({ pane }) => {
        await waitForScreen(pane, /error|■/i, 90_000);
        save(
          'codex-error-api-500',
          {
            expected: 'error',
            detail:
              'stand-in answers HTTP 500 to every request (request_max_retries=0, stream_max_retries=0)',
          },
          await settle(pane, 1500),
        );
      },
    );

  if (want('reconnect'))
    await withCodex(
      'reconnect',
      [{ kind: 'error', status: 503, message: 'Service unavailable', times: 50 }],
      { prompt: 'hello', retries: 5 },
      async ({ pane }) => {
        const screen = await waitForScreen(pane, /reconnect|retry/i, 60_000);
        save(
          'codex-stalled-reconnecting',
          {
            expected: 'stalled',
            detail:
              'stand-in answers HTTP 503 to every request (stream_max_retries=5); Codex shows its reconnect/retry status',
          },
          screen,
        );
      },
    );

  if (want('ratelimit'))
    await withCodex(
      'ratelimit',
      [{ kind: 'error', status: 429, message: 'Rate limit reached for requests', times: 50 }],
      { prompt: 'hello' },
      async ({ pane }) => {
        await waitForScreen(pane, /error|■|limit/i, 90_000);
        save(
          'codex-error-rate-limit-429',
          { expected: 'error', detail: 'stand-in answers HTTP 429 rate_limit_exceeded to every request' },
          await settle(pane, 1500),
        );
      },
    );

  await killServer(SOCKET);
}

await captureCodex(process.argv[2]);
