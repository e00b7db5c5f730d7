/** The Claude scenarios of dialogs, errors and modes (questions, plans, trust, limits, auto mode). */
import { join } from 'node:path';
import { IDLE, PROCEED, save, withClaude } from './capture-claude-kit';
import { settle, waitForScreen } from './capture-kit';

/** Captures the dialog, error and mode scenarios that `want` selects. */
export async function captureClaudeDialogs(want: (name: string) => boolean): Promise<void> {
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
}
