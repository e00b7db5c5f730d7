import { describe, expect, it } from 'vitest';
import { MemorySecretStore } from '../core/testing/memory-secret-store';
import { runPhoneCli } from './cli-phone';

function io() {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    io: { stdout: (t: string) => out.push(t), stderr: (t: string) => err.push(t), env: {}, cwd: '/' },
  };
}

describe('tower phone provision', () => {
  it('stores a fresh seed as totp.seed and shows its otpauth URI once; refuses to replace it without --force', async () => {
    const secrets = new MemorySecretStore();
    const first = io();
    expect(await runPhoneCli(['provision', '--label', 'owner phone'], first.io, secrets)).toBe(0);
    const seed = await secrets.get('totp.seed');
    expect(seed).toMatch(/^[A-Z2-7]{32}$/);
    expect(first.out.join('')).toContain(`otpauth://totp/Tower:owner%20phone?secret=${seed}&issuer=Tower`);
    const again = io();
    expect(await runPhoneCli(['provision'], again.io, secrets)).toBe(1);
    expect(again.out).toEqual([]);
    expect(await secrets.get('totp.seed')).toBe(seed);
    const forced = io();
    expect(await runPhoneCli(['provision', '--force'], forced.io, secrets)).toBe(0);
    expect(await secrets.get('totp.seed')).not.toBe(seed);
  });

  it('explains its usage for anything else', async () => {
    const bad = io();
    expect(await runPhoneCli(['provision', '--label'], bad.io, new MemorySecretStore())).toBe(2);
    expect(await runPhoneCli(['enroll'], bad.io, new MemorySecretStore())).toBe(2);
    expect(bad.err.join('')).toContain('usage: tower phone provision');
  });
});
