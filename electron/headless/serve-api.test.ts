import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { FakeBackend } from '../transport/fake-backend';
import { createHttpClient } from '../transport/http-client';
import { readRuntimeFile } from './runtime-file';
import { serveApi } from './serve-api';

let home: string;
beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), 'tower-serve-'));
});
afterEach(async () => {
  await rm(home, { recursive: true, force: true });
});

it('publishes a reachable server and unpublishes it on stop', async () => {
  const env = { TOWER_HOME: home };
  const served = await serveApi({ backend: new FakeBackend(), env });
  const found = await readRuntimeFile(env);
  if (found.kind !== 'running') throw new Error(found.reason);
  expect(found.info).toEqual({
    url: served.server.url,
    port: served.server.port,
    token: served.server.token,
    pid: process.pid,
  });
  await expect(createHttpClient(found.info).lockdown({ engaged: true })).resolves.toEqual({ lockdown: true });
  await Promise.all([served.stop(), served.stop()]);
  expect((await readRuntimeFile(env)).kind).toBe('not-running');
  await expect(createHttpClient(found.info).getSnapshot()).rejects.toThrow('cannot reach Tower');
});
