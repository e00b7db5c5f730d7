import { describe, expect, it } from 'vitest';
import { findHookNode, nodeCandidates } from './hook-node';

const HOME = '/Users/owner';
const only =
  (...present: string[]) =>
  (path: string) =>
    present.includes(path);
const dirs: Record<string, string[]> = {
  [`${HOME}/.nvm/versions/node`]: ['v18.20.4', 'v22.3.0', 'v20.11.1', 'junk'],
};
const list = (dir: string) => dirs[dir] ?? [];

describe('the Node that runs the hook command in the app', () => {
  it('the launchd PATH has no Node: Homebrew is found before /usr/local and the version managers', () => {
    const env = { PATH: '/usr/bin:/bin:/usr/sbin:/sbin' };
    const isExecutable = only('/opt/homebrew/bin/node', '/usr/local/bin/node');
    expect(findHookNode({ env, home: HOME, isExecutable, list })).toBe('/opt/homebrew/bin/node');
  });

  it('PATH wins when it has one; relative PATH entries are never used', () => {
    const env = { PATH: 'bin:/home/me/bin:/usr/bin' };
    expect(nodeCandidates({ env, home: HOME, list })[0]).toBe('/home/me/bin/node');
    expect(nodeCandidates({ env, home: HOME, list })).not.toContain('bin/node');
  });

  it('nvm only: the newest installed version', () => {
    const isExecutable = only(
      `${HOME}/.nvm/versions/node/v20.11.1/bin/node`,
      `${HOME}/.nvm/versions/node/v22.3.0/bin/node`,
    );
    expect(findHookNode({ env: { PATH: '/usr/bin' }, home: HOME, isExecutable, list })).toBe(
      `${HOME}/.nvm/versions/node/v22.3.0/bin/node`,
    );
  });

  it('TOWER_HOOK_NODE is taken as said: used when executable, otherwise none (never another)', () => {
    const env = { TOWER_HOOK_NODE: '/opt/node/bin/node', PATH: '/usr/local/bin' };
    expect(findHookNode({ env, home: HOME, list, isExecutable: only('/opt/node/bin/node') })).toBe(
      '/opt/node/bin/node',
    );
    expect(findHookNode({ env, home: HOME, list, isExecutable: only('/usr/local/bin/node') })).toBeNull();
    expect(
      findHookNode({ env: { TOWER_HOOK_NODE: 'node' }, home: HOME, list, isExecutable: () => true }),
    ).toBeNull();
  });

  it('nothing anywhere: null', () => {
    expect(findHookNode({ env: {}, home: HOME, list, isExecutable: () => false })).toBeNull();
  });

  it('finds this machine’s real Node through PATH', () => {
    const dir = process.execPath.slice(0, process.execPath.lastIndexOf('/'));
    expect(findHookNode({ env: { PATH: dir } })).toBe(`${dir}/node`);
  });
});
