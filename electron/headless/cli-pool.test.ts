import { describe, expect, it } from 'vitest';
import { FakeBackend } from '../transport/fake-backend';
import { parseArgs, UsageError } from './cli-args';
import { runCommand } from './cli-commands';

const ctx = { json: false, now: 0, columns: 100, cwd: '/here', resolvePath: (p: string) => p };

async function run(argv: string[]) {
  const backend = new FakeBackend();
  const output = await runCommand(backend, parseArgs(argv).command, ctx);
  return { output, calls: backend.calls };
}

describe('tower task / tower pool', () => {
  it('queues, lists and removes tasks through the API', async () => {
    const added = await run(['task', 'add', 'fix', 'the', 'flaky', 'test']);
    expect(added.calls).toEqual([{ method: 'addTask', args: { text: 'fix the flaky test' } }]);
    expect(added.output).toBe('Queued task t1: fix the flaky test');
    expect((await run(['task', 'list'])).calls[0]?.method).toBe('listTasks');
    expect((await run(['task', 'remove', 't3'])).calls).toEqual([
      { method: 'removeTask', args: { id: 't3' } },
    ]);
  });

  it('pauses, resumes, configures and broadcasts', async () => {
    expect((await run(['pool', 'pause'])).calls).toEqual([
      { method: 'configurePool', args: { paused: true } },
    ]);
    const set = await run([
      'pool',
      'set',
      '--max',
      '4',
      '--cooldown',
      '90',
      '--resume-after-limit',
      'on',
      '--',
      'claude',
      '--model',
      'x',
    ]);
    expect(set.calls[0]?.args).toMatchObject({
      maxAgents: 4,
      cooldownMs: 90_000,
      resumeAfterLimit: true,
      command: ['claude', '--model', 'x'],
    });
    const sent = await run(['pool', 'broadcast', '--all', 'wrap', 'up']);
    expect(sent.calls).toEqual([{ method: 'broadcast', args: { text: 'wrap up', scope: 'all' } }]);
    expect((await run(['pool'])).output).toContain('Pool running: 0/8 agents, 0 queued');
  });

  it('says what is wrong with a bad pool command', () => {
    expect(() => parseArgs(['task', 'add'])).toThrow(UsageError);
    expect(() => parseArgs(['pool', 'set', '--max', 'lots'])).toThrow(/whole number/);
    expect(() => parseArgs(['pool', 'set'])).toThrow(/at least one setting/);
    expect(() => parseArgs(['pool', 'fly'])).toThrow(/pool takes/);
  });
});
