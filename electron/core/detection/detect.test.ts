import { describe, expect, it } from 'vitest';
import { detect, packsFor } from './detect';
import { inRange } from './version-range';

const RULE = '─'.repeat(60);

describe('version ranges', () => {
  it('reads comparators and odd version shapes', () => {
    expect(inRange('2.1.330', '>=1.0.0 <3')).toBe(true);
    expect(inRange('3.0.0', '>=1.0.0 <3')).toBe(false);
    expect(inRange('v0.169.0', '*')).toBe(true);
    expect(inRange('2026.06.15-03-48-54-da23e37', '>=2026.1')).toBe(true);
    expect(inRange('garbage', '>=1')).toBe(false);
  });

  it('falls back to every pack of the agent when no range matches', () => {
    expect(packsFor('claude', '9.0.0').length).toBeGreaterThan(0);
  });
});

describe('detect', () => {
  const idle = ['❯ hi', '', '● Hello.', '', RULE, '❯', RULE, '  ⏸ manual mode on · ? for shortcuts'];

  it('reports the rule and rows behind a verdict', () => {
    const d = detect(idle, { kind: 'claude', version: '2.1.330' });
    expect(d).toMatchObject({
      state: 'idle',
      agent: 'claude',
      version: '2.1.330',
      prompt: null,
      ruleId: 'claude/idle.input',
    });
    expect(d.evidence.some((e) => e.includes('❯'))).toBe(true);
  });

  it('never guesses: an unrecognised screen is unknown', () => {
    expect(detect(['some output', 'more output'], { kind: 'claude', version: null }).state).toBe('unknown');
    expect(detect([], { kind: null, version: null }).state).toBe('unknown');
  });

  it('a permission-looking menu with nothing but transcript below it is not a prompt', () => {
    const screen = ['Do you want to proceed?', '❯ 1. Yes', '  2. No', '', 'Thanks, that is all.'];
    expect(detect(screen, { kind: 'claude', version: null }).state).toBe('unknown');
  });

  it('a menu without a selection glyph or footer is not a prompt (two anchors needed)', () => {
    const screen = [
      RULE,
      ' Bash command',
      '',
      '   ls',
      '',
      ' Do you want to proceed?',
      '   1. Yes',
      '   2. No',
    ];
    expect(detect(screen, { kind: 'claude', version: null }).prompt).toBeNull();
    const anchored = [...screen.slice(0, 6), ' ❯ 1. Yes', '   2. No'];
    expect(detect(anchored, { kind: 'claude', version: null }).state).toBe('permission');
  });

  it('a permission dialog whose header scrolled off is still a permission (subject unknown)', () => {
    const cut = [
      '   line 97 of a very long heredoc',
      '   EOF',
      '',
      ' Do you want to proceed?',
      ' ❯ 1. Yes',
      '   2. No',
      '',
      ' Esc to cancel · Tab to amend',
    ];
    const d = detect(cut, { kind: 'claude', version: '2.1.330' });
    expect(d).toMatchObject({ state: 'permission', ruleId: 'claude/permission.proceed' });
    expect(d.prompt).toMatchObject({ type: 'tool', subject: null, autoAnswerable: true });
  });

  it('finds the agent from a banner when the hint has none', () => {
    const d = detect([' ▐▛███▛█   Claude Code v2.1.330', '', ...idle], { kind: null, version: null });
    expect(d).toMatchObject({ state: 'idle', agent: 'claude', version: '2.1.330' });
  });

  it('error in the current turn beats idle; a retry banner is stalled', () => {
    const error = [
      '❯ hi',
      '',
      '● API Error: 500 Internal server error.',
      '',
      RULE,
      '❯ Resend your message',
      RULE,
      '  ⏸ manual mode on',
    ];
    expect(detect(error, { kind: 'claude', version: null }).state).toBe('error');
    const older = [
      '❯ hi',
      '● API Error: 500',
      '❯ again',
      '● Done.',
      '',
      RULE,
      '❯',
      RULE,
      '  ⏸ manual mode on',
    ];
    expect(detect(older, { kind: 'claude', version: null }).state).toBe('idle');
    const retry = [
      '❯ hi',
      '',
      '✻ API error · retrying in 2s · attempt 1/2',
      '',
      RULE,
      '❯',
      RULE,
      '  ⏸ manual mode on · esc to interrupt',
    ];
    expect(detect(retry, { kind: 'claude', version: null }).state).toBe('stalled');
  });

  it('without a hint, distinctive prompts are still read but a bare `>` prompt is not idle', () => {
    const ask = ['npm test', '', "Run shell command? (Y)es/(N)o/(D)on't ask again [Yes]:"];
    expect(detect(ask, { kind: null, version: null })).toMatchObject({ state: 'permission', agent: 'aider' });
    expect(detect(['output', '>'], { kind: null, version: null }).state).toBe('unknown');
    expect(detect(['output', '>'], { kind: 'aider', version: null }).state).toBe('idle');
  });

  it('idle with a draft in the input (Claude multi-line draft; Codex composer with the send hint footer)', () => {
    const claude = [
      '● Done.',
      '',
      RULE,
      '❯ first line of a draft',
      '  second line',
      '  third line',
      '  fourth',
      RULE,
      '  ⏸ manual mode on',
    ];
    expect(detect(claude, { kind: 'claude', version: null }).state).toBe('idle');
    const codex = ['› hi', '', '• Hello.', '', '› please also fix the lint', '', '  ⏎ send   ⇧⏎ newline'];
    expect(detect(codex, { kind: 'codex', version: null }).state).toBe('idle');
  });

  it('the permanent bypass footer is not a state marker', () => {
    const screen = ['● Done.', '', RULE, '❯', RULE, '  ⏵⏵ bypass permissions on (shift+tab to cycle)'];
    expect(detect(screen, { kind: 'claude', version: null }).state).toBe('idle');
  });
});
