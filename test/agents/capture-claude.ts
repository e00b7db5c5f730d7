import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLAUDE_VERSION, prepareClaude } from './claude-agent';
import type { ClaudeAgentOptions } from './claude-agent';
import { fixtureSaver, settle, waitForScreen, withAgent } from './capture-kit';
import type { SceneRun } from './capture-kit';
import type { ScriptStep } from './model-stand-in';
import { killServer } from './tmux-pane';

const SOCKET = 'tower-capture-claude';
const IDLE = /manual mode on/;
const PROCEED = /Do you want to proceed\?/;

const save = fixtureSaver('claude', CLAUDE_VERSION);

const withClaude = (
  name: string,
  script: readonly ScriptStep[],
  options: Omit<ClaudeAgentOptions, 'baseUrl'>,
  body: (run: SceneRun) => Promise<void>,
  extraEnv: Record<string, string> = {},
): Promise<void> =>
  withAgent(SOCKET, name, script, (baseUrl) => prepareClaude({ ...options, baseUrl }), body, extraEnv);

const bashDetail = (cmd: string): string =>
  `tool=Bash; command=${cmd}; options 1. Yes / 2. Yes, and … (wording varies) / 3. No; verified keys: '1' approves instantly (no Enter), Esc denies ('Interrupted · What should Claude do instead?')`;

/** A path of about 250 characters with no space in it, under `root`. */
const longPath = (root: string): string =>
  `${root}/${Array.from({ length: 6 }, (_, i) => `nested-directory-${i + 1}-with-a-long-name`).join('/')}`;

/** Run every Claude scenario and write its fixtures. */
export async function captureClaude(only?: string): Promise<void> {
  const want = (n: string): boolean => !only || n.includes(only);

  if (want('idle-fresh'))
    await withClaude('idle-fresh', [], {}, async ({ pane }) => {
      const screen = await waitForScreen(pane, IDLE);
      save(
        'claude-idle-fresh',
        { expected: 'idle', detail: 'fresh session, empty prompt, no turn yet' },
        screen,
      );
    });

  if (want('working'))
    await withClaude(
      'working',
      [{ kind: 'text', text: 'Finished thinking.', delayMs: 12_000 }],
      { prompt: 'think' },
      async ({ pane }) => {
        await waitForScreen(pane, /esc to interrupt/);
        await new Promise((r) => setTimeout(r, 3000));
        save(
          'claude-working-spinner',
          {
            expected: 'working',
            detail: 'stand-in holds the response 12 s; spinner line + "esc to interrupt" in footer',
          },
          await pane.capture(),
        );
      },
    );

  if (want('bash'))
    await withClaude('bash', [], { prompt: 'create the marker' }, async ({ pane, standIn, cwd }) => {
      const marker = join(cwd, 'marker');
      const cmd = `sleep 5 && touch ${marker}`;
      standIn.setScript([
        { kind: 'bash', command: cmd, description: 'Create the marker file' },
        { kind: 'text', text: 'Done.' },
      ]);
      const prompt = await waitForScreen(pane, PROCEED);
      save('claude-permission-bash', { expected: 'permission', detail: bashDetail(cmd) }, prompt);
      await pane.keys('1');
      await new Promise((r) => setTimeout(r, 1500));
      save(
        'claude-working-bash-after-approve',
        {
          expected: 'working',
          detail: `right after '1' approved the Bash call; the command (sleep 5) is running`,
        },
        await pane.capture(),
      );
      const idle = await waitForScreen(pane, /● Done\.[\s\S]*manual mode on/);
      save(
        'claude-idle-after-turn',
        {
          expected: 'idle',
          detail: `turn finished after an approved Bash call; marker exists: ${existsSync(marker)}`,
        },
        (await settle(pane)) || idle,
      );
    });

  if (want('fullscreen'))
    await withClaude(
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
        await waitForScreen(pane, /Now creating the marker[\s\S]*manual mode on/);
        standIn.setScript([
          { kind: 'bash', command: cmd, description: 'Create the marker file' },
          { kind: 'text', text: 'Done.' },
        ]);
        await pane.type('go on');
        await pane.keys('Enter');
        const prompt = await waitForScreen(pane, PROCEED);
        save(
          'claude-permission-bash-full-screen',
          {
            expected: 'permission',
            detail: `${bashDetail(cmd)}; screen full of earlier transcript (banner scrolled away)`,
          },
          (await settle(pane)) || prompt,
        );
        await pane.keys('Escape');
      },
    );

  if (want('long'))
    await withClaude('long', [], { prompt: 'run the long command' }, async ({ pane, standIn, cwd }) => {
      const marker = join(cwd, 'marker-long');
      const cmd = `mkdir -p ${cwd}/build/output/artifacts && cp -r ${cwd}/src ${cwd}/build/output/artifacts/ 2>/dev/null; echo "copying the sources into the artifacts folder before packaging" && touch ${marker}`;
      standIn.setScript([
        { kind: 'bash', command: cmd, description: 'Copy the sources into the build artifacts folder' },
        { kind: 'text', text: 'Done.' },
      ]);
      const prompt = await waitForScreen(pane, PROCEED);
      save(
        'claude-permission-bash-long',
        { expected: 'permission', detail: `${bashDetail('(long, wraps over lines)')}` },
        prompt,
      );
      await pane.keys('Escape');
      const after = await waitForScreen(pane, /What should Claude do instead\?[\s\S]*manual mode on/);
      save(
        'claude-idle-after-deny',
        {
          expected: 'idle',
          detail: `after Esc on the Bash prompt; command not run (marker exists: ${existsSync(marker)})`,
        },
        after,
      );
    });

  if (want('token'))
    await withClaude('token', [], { prompt: 'list the nested folder' }, async ({ pane, standIn, cwd }) => {
      // One path longer than a dialog row: the agent must break it inside the word.
      const cmd = `mkdir -p ${longPath(cwd)} && echo created`;
      standIn.setScript([
        { kind: 'bash', command: cmd, description: 'List a deeply nested folder' },
        { kind: 'text', text: 'Done.' },
      ]);
      const prompt = await waitForScreen(pane, PROCEED);
      save(
        'claude-permission-bash-long-token',
        { expected: 'permission', detail: `${bashDetail(cmd)}; one path longer than a row` },
        (await settle(pane)) || prompt,
      );
      await pane.keys('Escape');
      await waitForScreen(pane, /What should Claude do instead\?[\s\S]*manual mode on/);
    });

  if (want('readout'))
    await withClaude('readout', [], { prompt: 'read the notes outside' }, async ({ pane, standIn }) => {
      const outside = mkdtempSync(join(tmpdir(), 'tower-outside-'));
      const file = join(outside, 'notes.txt');
      writeFileSync(file, 'notes from outside the project\n');
      standIn.setScript([
        { kind: 'read', filePath: file },
        { kind: 'text', text: 'Done.' },
      ]);
      const prompt = await waitForScreen(pane, /Esc to cancel/);
      save(
        'claude-permission-read-outside',
        {
          expected: 'permission',
          detail: `tool=Read (${file}, outside the project); the second option grants reading that folder from now on`,
        },
        (await settle(pane)) || prompt,
      );
      await pane.keys('Escape');
      await waitForScreen(pane, /manual mode on/);
    });

  if (want('write'))
    await withClaude('write', [], { prompt: 'write hello.txt' }, async ({ pane, standIn, cwd }) => {
      const file = join(cwd, 'hello.txt');
      standIn.setScript([
        { kind: 'write', filePath: file, content: 'hello from the stand-in\n' },
        { kind: 'text', text: 'Done.' },
      ]);
      const prompt = await waitForScreen(pane, /Do you want to (create|make)/);
      save(
        'claude-permission-write',
        {
          expected: 'permission',
          detail: `tool=Write (new file ${file}); '1' approves, Enter approves the highlighted '❯ 1. Yes' (verified here), Esc denies; option 2 switches to accept-edits mode (shift+tab)`,
        },
        (await settle(pane)) || prompt,
      );
      await pane.keys('Enter');
      await waitForScreen(pane, /● Done\.[\s\S]*manual mode on/);
      process.stdout.write(`write approved with Enter, file exists: ${existsSync(file)}\n`);
    });

  if (want('edit'))
    await withClaude('edit', [], { prompt: 'edit config.txt' }, async ({ pane, standIn, cwd }) => {
      const file = join(cwd, 'config.txt');
      writeFileSync(file, 'mode = slow\nretries = 3\n');
      standIn.setScript([
        { kind: 'read', filePath: file },
        { kind: 'edit', filePath: file, oldString: 'mode = slow', newString: 'mode = fast' },
        { kind: 'text', text: 'Done.' },
      ]);
      // Claude's Edit refuses files it has not Read first; Read inside the project needs no approval.
      const prompt = await waitForScreen(pane, /Do you want to make this edit/);
      save(
        'claude-permission-edit',
        { expected: 'permission', detail: `tool=Edit (${file}); '1' approves, Esc denies` },
        prompt,
      );
      await pane.keys('Escape');
      await waitForScreen(pane, /manual mode on/);
    });

  if (want('webfetch'))
    await withClaude('webfetch', [], { prompt: 'fetch example.com' }, async ({ pane, standIn }) => {
      standIn.setScript([
        { kind: 'webfetch', url: 'https://example.com/', prompt: 'Summarise the page' },
        { kind: 'text', text: 'Done.' },
      ]);
      const prompt = await waitForScreen(pane, /fetch|Fetch/, 20_000).then(() =>
        waitForScreen(pane, /Do you want/),
      );
      save(
        'claude-permission-webfetch',
        {
          expected: 'permission',
          detail: `tool=WebFetch (https://example.com/); '1' approves, Esc denies; note option 3 carries '(esc)' and there is no footer line`,
        },
        (await settle(pane)) || prompt,
      );
      await pane.keys('Escape');
    });

  if (want('ask'))
    await withClaude('ask', [], { prompt: 'set up date formatting' }, async ({ pane, standIn }) => {
      const question = {
        question: 'Which library should we use for date formatting?',
        header: 'Library',
        multiSelect: false,
        options: [
          { label: 'date-fns', description: 'Small, functional, tree-shakeable' },
          { label: 'Luxon', description: 'Immutable DateTime objects with time zones' },
          { label: 'Native Intl', description: 'No dependency, built into Node' },
        ],
      };
      standIn.setScript([
        { kind: 'tool', name: 'AskUserQuestion', input: { questions: [question] } },
        { kind: 'text', text: 'Done.' },
      ]);
      await waitForScreen(pane, /Which library should we use/);
      save(
        'claude-question-ask-user',
        {
          expected: 'question',
          detail:
            "AskUserQuestion (single-select, 3 options + the automatic free-text row); verified: the digit '2' selected 'Luxon' and submitted at once (no Enter); Enter selects the highlighted row; Esc cancels",
        },
        await settle(pane),
      );
      await pane.keys('2');
      const after = await waitForScreen(pane, /● Done\.[\s\S]*manual mode on/, 20_000).catch(async () =>
        pane.capture(),
      );
      process.stdout.write(`after '2' on AskUserQuestion:\n${after}\n`);
    });

  if (want('plan'))
    await withClaude(
      'plan',
      [],
      { prompt: 'plan the refactor', permissionMode: 'plan' },
      async ({ pane, standIn }) => {
        const plan =
          '# Refactor plan\n\n1. Extract the date helpers into src/dates.ts\n2. Replace moment with date-fns\n3. Run the tests';
        standIn.setScript([
          { kind: 'tool', name: 'ExitPlanMode', input: { plan } },
          { kind: 'text', text: 'Done.' },
        ]);
        const screen = await waitForScreen(pane, /Exit plan mode\?|Would you like to proceed/);
        save(
          'claude-question-plan-approval',
          {
            expected: 'question',
            detail:
              'ExitPlanMode (input {plan}) in plan mode, no plan file written first: 2.1.330 shows the short “Exit plan mode?” dialog, not the full plan review; numbered rows (digits select); answer changes the permission mode, so route to a human',
          },
          (await settle(pane)) || screen,
        );
      },
    );

  if (want('trust'))
    await withClaude('trust', [], { trusted: false }, async ({ pane }) => {
      const screen = await waitForScreen(pane, /trust/i);
      save(
        'claude-question-trust-folder',
        {
          expected: 'question',
          detail: `workspace-trust dialog on an untrusted folder; rows are NOT numbered and the highlighted default is '❯ No, exit' (Enter alone quits Claude). Verified: Down then Enter trusts the folder; Esc cancels (exits)`,
        },
        (await settle(pane)) || screen,
      );
      await pane.keys('Down');
      await new Promise((r) => setTimeout(r, 300));
      await pane.keys('Enter');
      const idle = await waitForScreen(pane, IDLE);
      process.stdout.write(`trust accepted with Down+Enter -> idle: ${IDLE.test(idle)}\n`);
    });

  if (want('negative'))
    await withClaude(
      'negative',
      [
        {
          kind: 'text',
          text: 'Here is how the installer asks:\n\nDo you want to proceed?\n1. Yes\n2. No\n\nAnswer 1 to continue.',
        },
      ],
      { prompt: 'show me the installer prompt' },
      async ({ pane }) => {
        const screen = await waitForScreen(pane, /Answer 1 to continue[\s\S]*manual mode on/);
        save(
          'claude-idle-negative-proceed-text',
          {
            expected: 'idle',
            detail:
              'NEGATIVE: the assistant text contains "Do you want to proceed?" and a 1./2. list, but the agent is idle (prompt box + footer below it)',
          },
          (await settle(pane)) || screen,
        );
      },
    );

  if (want('error'))
    await withClaude(
      'error',
      [{ kind: 'error', status: 500, message: 'Internal server error', times: 50 }],
      { prompt: 'hello' },
      async ({ pane }) => {
        const retry = await waitForScreen(pane, /Retrying|attempt/i, 60_000).catch(() => undefined);
        if (retry)
          save(
            'claude-stalled-retrying',
            {
              expected: 'stalled',
              detail: 'stand-in answers HTTP 500 to every request; Claude shows its retry indicator',
            },
            retry,
          );
        const screen = await waitForScreen(pane, /API Error/, 120_000);
        save(
          'claude-error-api-500',
          {
            expected: 'error',
            detail:
              'stand-in answers HTTP 500 to every request (CLAUDE_CODE_MAX_RETRIES=2); turn ended with API Error',
          },
          (await settle(pane)) || screen,
        );
      },
      { CLAUDE_CODE_MAX_RETRIES: '2' },
    );

  if (want('ratelimit'))
    await withClaude(
      'ratelimit',
      [{ kind: 'error', status: 429, message: 'Number of requests has exceeded your rate limit', times: 50 }],
      { prompt: 'hello' },
      async ({ pane }) => {
        const screen = await waitForScreen(pane, /API Error|limit/i, 120_000);
        save(
          'claude-error-rate-limit-429',
          {
            expected: 'error',
            detail:
              'stand-in answers HTTP 429 (rate_limit_error) to every request (CLAUDE_CODE_MAX_RETRIES=0)',
          },
          (await settle(pane)) || screen,
        );
      },
      { CLAUDE_CODE_MAX_RETRIES: '0' },
    );

  if (want('overloaded'))
    await withClaude(
      'overloaded',
      [{ kind: 'error', status: 529, message: 'Overloaded', times: 50 }],
      { prompt: 'hello' },
      async ({ pane }) => {
        const screen = await waitForScreen(pane, /API Error/, 120_000);
        save(
          'claude-error-overloaded-529',
          {
            expected: 'error',
            detail: 'stand-in answers HTTP 529 overloaded_error to every request (CLAUDE_CODE_MAX_RETRIES=1)',
          },
          (await settle(pane)) || screen,
        );
      },
      { CLAUDE_CODE_MAX_RETRIES: '1' },
    );

  if (want('automode'))
    await withClaude(
      'automode',
      [],
      { prompt: 'create the marker', autoMode: true },
      async ({ pane, standIn, cwd }) => {
        const cmd = `touch ${join(cwd, 'marker')}`;
        standIn.setScript([
          { kind: 'bash', command: cmd, description: 'Create the marker file' },
          { kind: 'text', text: 'Done.' },
        ]);
        const prompt = await waitForScreen(pane, PROCEED);
        save(
          'claude-permission-bash-auto-mode-offer',
          {
            expected: 'permission',
            detail: `tool=Bash with auto mode available (default 2.1.330 settings): 4 options, 3. Yes, and switch to auto mode, 4. No; '1' approves, Esc denies`,
          },
          prompt,
        );
        await pane.keys('1');
        const offer = await waitForScreen(pane, /Make auto mode your default/);
        save(
          'claude-question-auto-mode-default',
          {
            expected: 'question',
            detail: `dialog shown after approving with auto mode available: '❯ Yes, set auto mode…' / 'No, keep manual mode' (no digits shown); Down+Enter keeps manual mode, Esc dismisses`,
          },
          (await settle(pane)) || offer,
        );
      },
    );

  await killServer(SOCKET);
}

await captureClaude(process.argv[2]);
