import { mkdtemp, readdir, rm, stat, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  readRuntimeFile,
  removeRuntimeFile,
  runtimeFilePath,
  towerHome,
  writeRuntimeFile,
} from './runtime-file';

let home: string;
let env: Record<string, string>;
const info = {
  url: 'http://127.0.0.1:4321',
  port: 4321,
  token: 'abcdefghijklmnopqrstuvwxyz012345',
  pid: process.pid,
};

beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), 'tower-rt-'));
  env = { TOWER_HOME: home };
});
afterEach(async () => {
  await rm(home, { recursive: true, force: true });
});

describe('runtime file', () => {
  it('lives under TOWER_HOME/run, else ~/.tower/run', () => {
    expect(runtimeFilePath(env)).toBe(join(home, 'run', 'api.json'));
    expect(towerHome({})).toMatch(/\.tower$/);
  });

  it('is written 0600 in a 0700 directory, atomically (no temp files left)', async () => {
    await mkdir(join(home, 'run'), { mode: 0o755 });
    const path = await writeRuntimeFile(info, env);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect((await stat(join(home, 'run'))).mode & 0o777).toBe(0o700);
    expect(await readdir(join(home, 'run'))).toEqual(['api.json']);
    expect(await readRuntimeFile(env)).toEqual({ kind: 'running', info, path });
  });

  it('says "not running" when the file is missing, stale, or malformed', async () => {
    const reason = async (alive?: (pid: number) => boolean): Promise<string> => {
      const found = await readRuntimeFile(env, alive);
      return found.kind === 'not-running' ? found.reason : 'running';
    };
    expect(await reason()).toContain('no runtime file');
    await writeRuntimeFile(info, env);
    expect(await reason(() => false)).toContain('stale');
    await writeFile(runtimeFilePath(env), '{"url":"http://evil.com:80","port":80,"token":"x","pid":1}');
    expect(await reason()).toContain('unreadable');
  });

  it('refuses to publish a non-loopback URL', async () => {
    await expect(writeRuntimeFile({ ...info, url: 'http://0.0.0.0:4321' }, env)).rejects.toThrow();
  });

  it('is removed on shutdown, but only by the Tower that wrote it', async () => {
    await writeRuntimeFile({ ...info, pid: process.pid }, env);
    await removeRuntimeFile(process.pid + 1, env);
    expect((await readRuntimeFile(env)).kind).toBe('running');
    await removeRuntimeFile(process.pid, env);
    expect((await readRuntimeFile(env)).kind).toBe('not-running');
    await removeRuntimeFile(process.pid, env);
  });
});
