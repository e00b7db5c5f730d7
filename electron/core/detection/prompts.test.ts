import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PromptView } from '../../contract/dto';
import { detect } from './detect';
import { parseFixture } from './fixture-format';

const ROOT = join(import.meta.dirname, 'fixtures');

function promptOf(name: string): PromptView {
  const fixture = parseFixture(name, readFileSync(join(ROOT, name), 'utf8'));
  const d = detect(fixture.lines, fixture.hint);
  if (!d.prompt) throw new Error(`${name}: no prompt (${d.state}; ${d.evidence.join('; ')})`);
  return d.prompt;
}

/** The temp project folder a capture ran in (it changes whenever the screens are re-captured). */
function dirOf(name: string): string {
  const m = /\/(?:var\/)?tmp\/tower-(?:claude|codex)-\w+\/project/u.exec(
    readFileSync(join(ROOT, name), 'utf8'),
  );
  if (!m) throw new Error(`${name}: no project folder`);
  return m[0];
}

/** label → [role, keys, selected] for compact assertions. */
function menu(p: PromptView): Record<string, [string, string, boolean]> {
  return Object.fromEntries(p.options.map((o) => [o.label, [o.role, o.keys.join(' '), o.selected]]));
}

describe('Claude Code 2.1.330 prompts (real captures)', () => {
  it('Bash: command between the dashed separators, digits, remember option', () => {
    const dir = dirOf('captured/claude-permission-bash.txt');
    const p = promptOf('captured/claude-permission-bash.txt');
    expect(p).toMatchObject({
      kind: 'permission',
      type: 'bash',
      tool: 'Bash',
      question: 'Do you want to proceed?',
    });
    expect(p.subject).toBe(`sleep 5 && touch ${dir}/marker`);
    expect(p.autoAnswerable).toBe(true);
    expect(menu(p)).toEqual({
      Yes: ['approve', '1', true],
      [`Yes, and always allow access to ${dir} from this project`]: ['approve-remember', '2', false],
      No: ['deny', '3', false],
    });
    expect(p.options.find((o) => o.role === 'approve-remember')?.remembers).toBe(true);
  });

  it('Bash: a long command wrapped over three gutter rows is joined in full', () => {
    const dir = dirOf('captured/claude-permission-bash-long.txt');
    const p = promptOf('captured/claude-permission-bash-long.txt');
    expect(p.subject).toBe(
      `mkdir -p ${dir}/build/output/artifacts && cp -r ${dir}/src ` +
        `${dir}/build/output/artifacts/ 2>/dev/null; echo "copying the sources into the artifacts ` +
        `folder before packaging" && touch ${dir}/marker-long`,
    );
    // The typographic apostrophe survives in the label.
    expect(p.options[1]?.label).toBe('Yes, and don’t ask again for: mkdir *');
  });

  it('Bash with the auto-mode offer: four options, No is 4', () => {
    const p = promptOf('captured/claude-permission-bash-auto-mode-offer.txt');
    expect(p.options.map((o) => [o.role, o.keys.join(' ')])).toEqual([
      ['approve', '1'],
      ['approve-remember', '2'],
      ['approve-remember', '3'],
      ['deny', '4'],
    ]);
  });

  it('Edit, Write and WebFetch', () => {
    expect(promptOf('captured/claude-permission-edit.txt')).toMatchObject({
      type: 'edit',
      tool: 'Edit',
      subject: 'config.txt',
    });
    const write = promptOf('captured/claude-permission-write.txt');
    expect(write).toMatchObject({
      type: 'write',
      tool: 'Write',
      subject: 'hello.txt',
      question: 'Do you want to create hello.txt?',
    });
    expect(write.options[1]?.role).toBe('approve-remember');
    const fetch = promptOf('captured/claude-permission-webfetch.txt');
    expect(fetch).toMatchObject({ type: 'fetch', tool: 'WebFetch', subject: 'https://example.com/' });
    expect(fetch.options.map((o) => o.role)).toEqual(['approve', 'approve-remember', 'deny']);
  });

  it('trust dialog: unnumbered, `No, exit` highlighted, arrows to reach Yes; never auto-answerable', () => {
    const dir = dirOf('captured/claude-question-trust-folder.txt');
    const p = promptOf('captured/claude-question-trust-folder.txt');
    expect(p).toMatchObject({
      kind: 'question',
      type: 'trust',
      subject: dir,
      autoAnswerable: false,
    });
    expect(menu(p)).toEqual({
      'No, exit': ['deny', 'Enter', true],
      'Yes, I trust this folder': ['approve', 'Down Enter', false],
    });
  });

  it('AskUserQuestion and the short plan-exit dialog are questions; digits select', () => {
    const ask = promptOf('captured/claude-question-ask-user.txt');
    expect(ask).toMatchObject({
      kind: 'question',
      type: 'ask',
      question: 'Which library should we use for date formatting?',
    });
    expect(ask.options.map((o) => [o.label, o.keys.join(' ')])).toEqual([
      ['date-fns', '1'],
      ['Luxon', '2'],
      ['Native Intl', '3'],
      ['Type something.', '4'],
      ['Chat about this', '5'],
    ]);
    const plan = promptOf('captured/claude-question-plan-approval.txt');
    expect(plan).toMatchObject({
      kind: 'question',
      type: 'plan',
      question: 'Exit plan mode?',
      autoAnswerable: false,
    });
    expect(plan.options.map((o) => o.role)).toEqual(['approve-remember', 'deny']);
  });

  it('auto-mode default dialog is a question', () => {
    const p = promptOf('captured/claude-question-auto-mode-default.txt');
    expect(p).toMatchObject({ kind: 'question', type: 'auto-mode', autoAnswerable: false });
    expect(p.options.map((o) => o.keys.join(' '))).toEqual(['Enter', 'Down Enter']);
  });
});

describe('Codex 0.169.0 prompts (real captures)', () => {
  it('exec: hinted keys y / Esc, digit for the (p) option', () => {
    const dir = dirOf('captured/codex-permission-exec.txt');
    const p = promptOf('captured/codex-permission-exec.txt');
    expect(p).toMatchObject({
      kind: 'permission',
      type: 'bash',
      subject: `sleep 5 && touch ${dir}/marker`,
    });
    expect(menu(p)).toEqual({
      'Yes, proceed (y)': ['approve', 'y', true],
      "Yes, and don't ask again for commands that start with `sleep 5` (p)": ['approve-remember', '2', false],
      'No, and tell Codex what to do differently (esc)': ['deny', 'Escape', false],
    });
  });

  it('exec: long command and long option label joined across wrapped rows', () => {
    const dir = dirOf('captured/codex-permission-exec-long.txt');
    const p = promptOf('captured/codex-permission-exec-long.txt');
    expect(p.subject).toBe(
      `mkdir -p ${dir}/build/output/artifacts && cp -r ${dir}/src ` +
        `${dir}/build/output/artifacts/ 2>/dev/null; echo "copying the sources into the artifacts ` +
        `folder before packaging" && touch ${dir}/marker-long`,
    );
    expect(p.options[1]?.label).toBe(
      `Yes, and don't ask again for commands that start with \`${p.subject ?? ''}\` (p)`,
    );
  });

  it('patch: destination file is the subject', () => {
    const dir = dirOf('captured/codex-permission-patch-edit.txt');
    const p = promptOf('captured/codex-permission-patch-edit.txt');
    expect(p).toMatchObject({
      type: 'edit',
      tool: 'apply_patch',
      subject: `${dir}/config.txt`,
    });
    expect(p.options.map((o) => o.keys.join(' '))).toEqual(['y', '2', 'Escape']);
  });

  it('trust is a question', () => {
    const dir = dirOf('captured/codex-question-trust.txt');
    const p = promptOf('captured/codex-question-trust.txt');
    expect(p).toMatchObject({
      kind: 'question',
      type: 'trust',
      subject: dir,
      autoAnswerable: false,
    });
    expect(p.options[0]).toMatchObject({ label: 'Trust and continue', selected: true });
  });
});

describe('reference prompts', () => {
  it('Claude MCP: tool name from the (MCP) row, wrapped option joined', () => {
    const p = promptOf('reference/claude-permission-mcp.txt');
    expect(p).toMatchObject({ type: 'mcp', tool: 'mcp__codex-review__codex_review_plan' });
    expect(p.subject).toBe('codex-review - codex_review_plan(plan_path: "docs/plan.md")');
    expect(p.options[1]?.label).toBe(
      "Yes, and don't ask again for codex-review - codex_review_plan commands in /home/jason/Sites/serra",
    );
  });

  it('Claude plan approval and AskUserQuestion are questions', () => {
    const plan = promptOf('reference/claude-plan-approval.txt');
    expect(plan).toMatchObject({ kind: 'question', type: 'plan', autoAnswerable: false });
    expect(plan.options).toHaveLength(4);
    const ask = promptOf('reference/claude-ask-user-question.txt');
    expect(ask).toMatchObject({ kind: 'question', type: 'ask', question: 'Which teas do you drink?' });
    expect(ask.options.map((o) => o.label)).toEqual([
      '[ ] Green tea',
      '[ ] Black tea',
      '[ ] Type something',
      'Chat about this',
    ]);
  });

  it('Codex update dialog: never a bare Enter', () => {
    const p = promptOf('reference/codex-update-dialog.txt');
    expect(p).toMatchObject({ kind: 'question', type: 'update', autoAnswerable: false });
    expect(p.options.map((o) => o.keys.join(' '))).toEqual(['1 Enter', '2 Enter', '3 Enter']);
  });

  it('Gemini: digits; external editor is never an approve option', () => {
    const p = promptOf('reference/gemini-permission-edit.txt');
    expect(menu(p)['Modify with external editor']).toEqual(['other', '3', false]);
    expect(p.options[0]).toMatchObject({ label: 'Allow once', role: 'approve', selected: true, keys: ['1'] });
  });

  it('Cursor: y / Esc hints; Run Everything cannot be typed', () => {
    const p = promptOf('reference/cursor-run-command.txt');
    expect(menu(p)).toEqual({
      'Run (once) (y)': ['approve', 'y', true],
      'Run Everything (shift+tab)': ['approve-remember', '', false],
      'Skip (esc or n)': ['deny', 'Escape', false],
    });
  });

  it('Aider: letter + Enter; opencode: only Reject (Esc) is typeable', () => {
    const aider = promptOf('reference/aider-run-shell.txt');
    expect(aider.options.map((o) => [o.label, o.keys.join(' ')])).toEqual([
      ['Yes', 'y Enter'],
      ['No', 'n Enter'],
      ["Don't ask again", ''],
    ]);
    expect(aider.subject).toBe('npm test -- --watch=false');
    const opencode = promptOf('synthetic/opencode-permission.txt');
    expect(opencode.options.map((o) => [o.role, o.keys.join(' '), o.selected])).toEqual([
      ['approve', '', false],
      ['approve-remember', '', false],
      ['deny', 'Escape', false],
    ]);
  });
});

describe('fingerprints', () => {
  const lines = readFileSync(join(ROOT, 'captured/claude-permission-bash.txt'), 'utf8')
    .split('\n')
    .filter((l) => !l.startsWith('# '));
  const hint = { kind: 'claude', version: '2.1.330' } as const;

  it('are 32 hex chars and stable for identical prompts', () => {
    const a = detect(lines, hint).prompt?.fingerprint;
    expect(a).toMatch(/^[0-9a-f]{32}$/u);
    expect(detect([...lines], hint).prompt?.fingerprint).toBe(a);
  });

  it('ignore the transcript above the dialog and the cursor position', () => {
    const a = detect(lines, hint).prompt?.fingerprint;
    const otherTranscript = lines.map((l) => l.replace('create the marker', 'please create it'));
    expect(detect(otherTranscript, hint).prompt?.fingerprint).toBe(a);
    const moved = lines.map((l) => l.replace(' ❯ 1. Yes', '   1. Yes').replace('   3. No', ' ❯ 3. No'));
    expect(detect(moved, hint).prompt?.fingerprint).toBe(a);
  });

  it('change when the command changes', () => {
    const a = detect(lines, hint).prompt?.fingerprint;
    const changed = lines.map((l) => (l.startsWith(' sleep 5') ? l.replace('sleep 5', 'sleep 6') : l));
    const b = detect(changed, hint).prompt;
    expect(b?.subject).toContain('sleep 6');
    expect(b?.fingerprint).not.toBe(a);
  });
});
