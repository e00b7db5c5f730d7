import { describe, expect, it } from 'vitest';
import { identifyAgent } from '../../../core/detection/identify-agent';
import { FakeTerminalApp } from './fake-terminal-app';
import { TerminalAppTerminalDriver } from './terminal-app-terminal-driver';
import { parsePsRows, summarizeTty } from './tty-facts';

// A tab the owner opened by hand and started Claude Code in through npx: no title convention.
const PS = '  900   500   900   960\n  901   900   901   960\n  960   901   960   960\n';
const NAMED = [
  { pid: 900, command: 'login', args: 'login -pf owner' },
  { pid: 901, command: '-zsh', args: '-zsh' },
  { pid: 960, command: 'node', args: 'node /opt/homebrew/lib/node_modules/@anthropic-ai/claude-code/cli.js' },
];

describe('a Terminal.app tab recognised from its tty', () => {
  it('names the agent from ps facts, and the version from the screen banner', async () => {
    const app = new FakeTerminalApp();
    app.addTab({ title: '', contents: ' ✻ Welcome to Claude Code v2.1.330\n' });
    const driver = new TerminalAppTerminalDriver({
      runner: app,
      appleScriptDir: '/app/native-scripts/applescript',
      ttyFacts: () => Promise.resolve(summarizeTty(parsePsRows(PS), NAMED)),
      platform: 'darwin',
    });
    const [info] = await driver.list();
    expect(info).toMatchObject({ currentCommand: 'node', pid: 901, title: '' });
    if (!info) throw new Error('missing');
    expect(identifyAgent(info).kind).toBe('claude');
    const screen = await driver.readScreen(info.id);
    expect(identifyAgent(info, screen.lines)).toEqual({ kind: 'claude', version: '2.1.330' });
  });
});
