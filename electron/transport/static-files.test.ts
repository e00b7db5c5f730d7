import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeBackend } from './fake-backend';
import { rawRequest } from './test-http';
import { startApiServer } from './ws-server-transport';
import type { ApiServer } from './ws-server-transport';

let base: string;
let server: ApiServer;

beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'tower-static-'));
  const root = join(base, 'ui');
  await mkdir(join(root, 'assets'), { recursive: true });
  await mkdir(join(base, 'ui-secrets'));
  await writeFile(join(root, 'index.html'), '<!doctype html><script src="/assets/app.js"></script>');
  await writeFile(join(root, 'assets', 'app.js'), 'console.log(1)');
  await writeFile(join(root, '.env'), 'SECRET=1');
  await writeFile(join(base, 'ui-secrets', 'key'), 'SECRET=2');
  await writeFile(join(base, 'outside.txt'), 'SECRET=3');
  await symlink(join(base, 'outside.txt'), join(root, 'link.txt'));
  server = await startApiServer({ backend: new FakeBackend(), staticDir: root });
});
afterAll(async () => {
  await server.close();
  await rm(base, { recursive: true, force: true });
});

describe('staticDir', () => {
  it('serves index.html at / and assets with their types', async () => {
    const page = await rawRequest({ port: server.port, path: '/' });
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    const js = await rawRequest({ port: server.port, path: '/assets/app.js' });
    expect(js.headers['content-type']).toContain('text/javascript');
    expect(js.headers['content-security-policy']).toContain("default-src 'self'");
  });

  it.each([
    '/.env',
    '/../outside.txt',
    '/..%2foutside.txt',
    '/%2e%2e/outside.txt',
    '/..%2fui-secrets%2fkey',
    '/link.txt',
    '/assets/../../outside.txt',
    '/%00',
    '/%E0%A4%A',
  ])('does not serve %s', async (path) => {
    const res = await rawRequest({ port: server.port, path });
    expect(res.status).toBe(404);
    expect(res.body).not.toContain('SECRET');
  });
});
