/**
 * Architecture guards that the compiler and ESLint cannot express: Tower has exactly one path to a
 * keyboard (core/typing/typist.ts), and raw ipcMain / ipcRenderer appear in one file each.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'node_modules' || name === 'fixtures') return [];
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [path] : [];
  });
}

const files = [...sourceFiles(join(ROOT, 'electron')), ...sourceFiles(join(ROOT, 'renderer'))].map(
  (path) => ({
    path: relative(ROOT, path),
    text: readFileSync(path, 'utf8'),
  }),
);

describe('architecture', () => {
  it("only the Typist calls a driver's type(); drivers implement it, the contract suite exercises it", () => {
    const allowed = (path: string) =>
      path === 'electron/core/typing/typist.ts' ||
      path.startsWith('electron/adapters/terminal/') ||
      path === 'electron/core/testing/terminal-driver.contract.ts' ||
      path === 'electron/core/testing/fake-terminal-driver.ts';
    const offenders = files.filter(
      (f) => !allowed(f.path) && /\.type\(/.test(f.text.replace(/typist\.type\(/g, '')),
    );
    expect(offenders.map((f) => f.path)).toEqual([]);
  });

  it('the core imports no node:* module and no adapter', () => {
    const offenders = files.filter(
      (f) => f.path.startsWith('electron/core/') && /from '(node:|.*adapters\/)/.test(f.text),
    );
    expect(offenders.map((f) => f.path)).toEqual([]);
  });

  it('raw ipcMain and ipcRenderer appear in at most one file each', () => {
    for (const name of ['ipcMain', 'ipcRenderer']) {
      const users = files.filter((f) => new RegExp(`\\b${name}\\b`).test(f.text)).map((f) => f.path);
      expect(users.length, `${name} used in ${users.join(', ')}`).toBeLessThanOrEqual(1);
    }
  });
});
