import { describe, expect, it } from 'vitest';
import { buildEnv, planLaunch } from './launch-plan';

describe('launch plan', () => {
  it('drops the parent terminal variables, applies the spec env, and forces TERM', () => {
    const env = buildEnv(
      {
        PATH: '/bin',
        TMUX: '/tmp/tmux-1/default,1,0',
        TMUX_PANE: '%1',
        TERM: 'screen',
        COLUMNS: '80',
        X: undefined,
      },
      { FOO: 'bar', TERM: 'dumb' },
    );
    expect(env).toEqual({ PATH: '/bin', FOO: 'bar', TERM: 'xterm-256color', LANG: 'C.UTF-8' });
    expect(buildEnv({ LC_ALL: 'de_DE.UTF-8' }, undefined)).toEqual({
      LC_ALL: 'de_DE.UTF-8',
      TERM: 'xterm-256color',
    });
  });

  it('keeps argv as given and resolves the executable on the child PATH', async () => {
    const plan = await planLaunch(
      {
        command: ['sh', '-c', 'echo "$1"', 'x; rm -rf ~'],
        title: 't',
        cwd: '/tmp',
        env: { PATH: '/usr/bin:/bin' },
      },
      { cols: 120, rows: 40 },
      {},
    );
    expect(plan).toMatchObject({
      file: 'sh',
      args: ['-c', 'echo "$1"', 'x; rm -rf ~'],
      cwd: '/tmp',
      cols: 120,
    });
    expect(plan.executable).toMatch(/\/sh$/);
  });

  it('fails when the command is not on the PATH the child will have', async () => {
    await expect(
      planLaunch({ command: ['sh'], title: 't', env: { PATH: '/nonexistent' } }, { cols: 80, rows: 24 }, {}),
    ).rejects.toThrow(/not found on PATH/);
  });
});
