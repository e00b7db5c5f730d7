import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { captureClaudeDialogs } from './capture-claude-dialogs';
import { IDLE, PROCEED, SOCKET, bashDetail, longPath, save, withClaude } from './capture-claude-kit';
import { settle, waitForScreen } from './capture-kit';
import { killServer } from './tmux-pane';

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

  await captureClaudeDialogs(want);
  await killServer(SOCKET);
}

await captureClaude(process.argv[2]);
