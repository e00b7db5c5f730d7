import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadOpenTemplates } from './open-templates';

const dir = mkdtempSync(join(tmpdir(), 'tower-templates-'));
const file = (name: string, body: unknown) => {
  const path = join(dir, name);
  writeFileSync(path, typeof body === 'string' ? body : JSON.stringify(body));
  return path;
};

describe('loadOpenTemplates', () => {
  it('reads named templates; a missing file is no templates', async () => {
    const path = file('ok.json', {
      templates: [{ name: 'api', command: ['claude'], cwd: '/srv/api', provider: 'tmux' }],
    });
    expect(await loadOpenTemplates(path)).toEqual([
      { name: 'api', command: ['claude'], cwd: '/srv/api', provider: 'tmux' },
    ]);
    expect(await loadOpenTemplates(join(dir, 'absent.json'))).toEqual([]);
  });

  it.each([
    ['bad-json.json', '{', /not valid JSON/],
    ['bad-name.json', { templates: [{ name: '../sh', command: ['sh'] }] }, /templates\.0\.name/],
    ['relative-cwd.json', { templates: [{ name: 'a', command: ['x'], cwd: 'src' }] }, /absolute path/],
    ['shell-string.json', { templates: [{ name: 'a', command: 'claude --yolo' }] }, /templates\.0\.command/],
    [
      'repeat.json',
      {
        templates: [
          { name: 'a', command: ['x'] },
          { name: 'a', command: ['y'] },
        ],
      },
      /repeat/,
    ],
    ['extra.json', { templates: [{ name: 'a', command: ['x'], env: { A: '1' } }] }, /templates\.0/],
  ])('refuses %s whole, saying why', async (name, body, reason) => {
    await expect(loadOpenTemplates(file(name, body))).rejects.toThrow(reason);
  });
});
