/**
 * The SecretStore contract: every adapter (memory, 0600 file, safeStorage) must pass it.
 *
 * `reopen` builds a fresh store over the same backing storage, to show values survive a restart.
 */
import { describe, expect, it } from 'vitest';
import type { SecretStore } from '../ports';

/** What a suite run needs: a store, and a second one over the same storage. */
export interface SecretStoreHarness {
  readonly store: SecretStore;
  readonly reopen: () => SecretStore;
}

/** Registers the contract tests for one adapter. */
export function secretStoreContract(name: string, make: () => Promise<SecretStoreHarness>): void {
  describe(`SecretStore contract: ${name}`, () => {
    it('returns null for a secret never set, and lists no names', async () => {
      const { store } = await make();
      expect(await store.get('telegram.token')).toBeNull();
      expect(await store.names()).toEqual([]);
    });

    it('keeps a value byte for byte (quotes, backslashes, non-ASCII) across a reopen', async () => {
      const { store, reopen } = await make();
      const value = `12345:AAé"\\'$(x)\u{1F512}`;
      await store.set('telegram.token', value);
      expect(await store.get('telegram.token')).toBe(value);
      expect(await reopen().get('telegram.token')).toBe(value);
    });

    it('replaces a value, lists names sorted, and forgets a deleted one after a reopen', async () => {
      const { store, reopen } = await make();
      await store.set('twilio.authToken', 'one');
      await store.set('telegram.token', 'two');
      await store.set('twilio.authToken', 'three');
      expect(await store.names()).toEqual(['telegram.token', 'twilio.authToken']);
      await store.delete('telegram.token');
      await store.delete('never-set');
      const again = reopen();
      expect(await again.names()).toEqual(['twilio.authToken']);
      expect(await again.get('twilio.authToken')).toBe('three');
      expect(await again.get('telegram.token')).toBeNull();
    });

    it('keeps every one of many concurrent writes', async () => {
      const { store, reopen } = await make();
      await Promise.all(
        Array.from({ length: 20 }, (_, i) => store.set(`n${String(i).padStart(2, '0')}`, `v${i}`)),
      );
      const names = await reopen().names();
      expect(names).toHaveLength(20);
      expect(await reopen().get('n07')).toBe('v7');
    });
  });
}
