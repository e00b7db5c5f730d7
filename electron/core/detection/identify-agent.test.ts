import { describe, expect, it } from 'vitest';
import { identifyAgent } from './identify-agent';

const shell = { pid: 10, command: 'bash', args: '-bash' };

describe('identifyAgent', () => {
  it('recognises Claude Code 2.1.x as a native `claude` process', () => {
    const hint = identifyAgent(
      {
        currentCommand: 'claude',
        processes: [shell, { pid: 11, command: 'claude', args: 'claude --settings x.json' }],
        title: '✳ Claude Code',
      },
      [' ▐▛███▛█   Claude Code v2.1.330', '▝▜██████▀  Opus 5.5 · API Usage Billing'],
    );
    expect(hint).toEqual({ kind: 'claude', version: '2.1.330' });
  });

  it('recognises Codex as node codex.js with a native codex child', () => {
    const processes = [
      shell,
      { pid: 12, command: 'node', args: 'node /work/node_modules/@openai/codex/bin/codex.js --no-daemon' },
      {
        pid: 13,
        command: 'codex',
        args: '/work/node_modules/@openai/codex-linux-x64/vendor/x86_64-unknown-linux-musl/bin/codex',
      },
    ];
    expect(
      identifyAgent({ currentCommand: 'node', processes, title: 'project' }, [
        '  >_ OpenAI Codex (v0.169.0)',
      ]),
    ).toEqual({
      kind: 'codex',
      version: '0.169.0',
    });
  });

  it('recognises the other agents by program name or package path', () => {
    const one = (command: string, args: string) =>
      identifyAgent({ currentCommand: command, processes: [{ pid: 1, command, args }], title: '' });
    expect(one('gemini', 'gemini').kind).toBe('gemini');
    expect(one('node', 'node /usr/lib/node_modules/@google/gemini-cli/dist/index.js').kind).toBe('gemini');
    expect(one('python3', '/usr/bin/python3 /home/u/.local/bin/aider --model x').kind).toBe('aider');
    expect(one('copilot', 'copilot').kind).toBe('copilot');
    expect(one('cursor-agent', 'cursor-agent --force').kind).toBe('cursor');
    expect(one('agent', '/home/u/.local/share/cursor-agent/versions/x/agent').kind).toBe('cursor');
    expect(one('opencode', 'opencode').kind).toBe('opencode');
  });

  it('says nothing for a plain shell, and ignores files that merely mention an agent', () => {
    expect(
      identifyAgent({ currentCommand: 'bash', processes: [shell], title: 'bash' }, ['$ ls', 'README.md']),
    ).toEqual({
      kind: null,
      version: null,
    });
    const vim = { pid: 3, command: 'vim', args: 'vim claude.md codex.js' };
    expect(identifyAgent({ currentCommand: 'vim', processes: [shell, vim], title: 'vim' })).toEqual({
      kind: null,
      version: null,
    });
    expect(
      identifyAgent({
        currentCommand: 'agent',
        processes: [{ pid: 4, command: 'agent', args: 'agent run' }],
        title: '',
      }).kind,
    ).toBeNull();
  });

  it('falls back to the banner when processes are unknown', () => {
    expect(
      identifyAgent({ currentCommand: null, processes: [], title: '' }, ['  >_ OpenAI Codex (v0.169.0)']),
    ).toEqual({
      kind: 'codex',
      version: '0.169.0',
    });
  });
});
