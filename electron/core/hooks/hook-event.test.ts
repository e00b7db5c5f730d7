import { describe, expect, it } from 'vitest';
import { isParseError, parseHookEnvelope } from './hook-event';
import { promptFromHook } from './hook-prompt';

// As logged from Claude Code 2.1.330 in tmux (paths shortened).
const REAL_PERMISSION_REQUEST = {
  session_id: 'e11c8104-c694-4a76-b09a-ce7a0a351391',
  transcript_path: '/tmp/home/.claude/projects/p/e11c8104.jsonl',
  cwd: '/tmp/tower-claude-sc31La/project',
  prompt_id: '0efb1d0e-e64c-430f-b516-db4d95951e6c',
  permission_mode: 'default',
  effort: { level: 'medium' },
  hook_event_name: 'PermissionRequest',
  tool_name: 'Bash',
  tool_input: { command: 'ls -la /etc', description: 'Run the requested command' },
  permission_suggestions: [
    {
      type: 'addRules',
      rules: [{ toolName: 'Read', ruleContent: '//etc/**' }],
      behavior: 'allow',
      destination: 'session',
    },
  ],
};

describe('parseHookEnvelope', () => {
  it('reads a real PermissionRequest and its tmux tag ($TMUX may hold commas in the socket path)', () => {
    const event = parseHookEnvelope('claude', {
      v: 1,
      terminal: {
        tmux: '/tmp/tmux-0/a,b,13299,0',
        pane: '%3',
        pids: [10, 'x', 1, 11],
        tty: '/dev/pts/4',
        launch: null,
      },
      event: REAL_PERMISSION_REQUEST,
    });
    expect(isParseError(event)).toBe(false);
    expect(event).toMatchObject({
      name: 'PermissionRequest',
      agentSession: REAL_PERMISSION_REQUEST.session_id,
      tool: { name: 'Bash', input: { command: 'ls -la /etc' } },
      permissionMode: 'default',
      terminal: {
        tmux: { socket: '/tmp/tmux-0/a,b', serverPid: 13299, pane: '%3' },
        pids: [10, 11],
        tty: '/dev/pts/4',
      },
    });
  });

  it('drops a malformed tag part instead of trusting it', () => {
    const event = parseHookEnvelope('claude', {
      v: 1,
      terminal: { tmux: 'relative,1,0', pane: '%1;rm', tty: '/etc/passwd' },
      event: { hook_event_name: 'Stop' },
    });
    expect(event).toMatchObject({ terminal: { tmux: null, tty: null, launch: null } });
    expect(
      parseHookEnvelope('claude', {
        v: 1,
        terminal: { launch: 'bad tag!' },
        event: { hook_event_name: 'Stop' },
      }),
    ).toEqual({
      error: 'terminal.launch is malformed',
    });
  });

  it('refuses bodies that are not hook events', () => {
    const bad = [
      null,
      'x',
      { v: 1 },
      { v: 1, event: [] },
      { v: 1, event: { hook_event_name: 42 } },
      { v: 1, event: { hook_event_name: 'PermissionRequest', tool_name: 'Bash', tool_input: 'ls' } },
      { v: 1, event: { hook_event_name: 'PermissionRequest', tool_name: 'x'.repeat(5000), tool_input: {} } },
      { v: 1, event: { type: 'agent-turn-complete' }, terminal: [] },
    ];
    for (const body of bad) expect(isParseError(parseHookEnvelope('claude', body))).toBe(true);
  });

  it('reads Codex notify (agent-turn-complete)', () => {
    const event = parseHookEnvelope('codex', {
      v: 1,
      event: {
        type: 'agent-turn-complete',
        'thread-id': 't-1',
        'turn-id': '1',
        cwd: '/p',
        'input-messages': [],
      },
    });
    expect(event).toMatchObject({
      source: 'codex',
      name: 'agent-turn-complete',
      agentSession: 't-1',
      cwd: '/p',
    });
  });
});

describe('promptFromHook', () => {
  it('takes the subject from the field the tool acts on', () => {
    expect(promptFromHook({ name: 'Bash', input: { command: 'ls', description: 'List' } })).toMatchObject({
      type: 'bash',
      subject: 'ls',
      autoAnswerable: true,
    });
    expect(promptFromHook({ name: 'Write', input: { file_path: '/p/a.txt', content: 'x' } })).toMatchObject({
      type: 'write',
      subject: '/p/a.txt',
    });
    expect(promptFromHook({ name: 'WebFetch', input: { url: 'https://x.dev', prompt: 'p' } })).toMatchObject({
      type: 'fetch',
      subject: 'https://x.dev',
    });
  });

  it('an unknown tool, or a known one without its field, is for the owner only', () => {
    expect(promptFromHook({ name: 'Task', input: { prompt: 'x' } }).autoAnswerable).toBe(false);
    expect(promptFromHook({ name: 'Bash', input: { cmd: 'ls' } }).autoAnswerable).toBe(false);
  });
});
