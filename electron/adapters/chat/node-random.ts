/**
 * RandomSource over node:crypto, for pairing codes and button nonces.
 */
import { randomBytes } from 'node:crypto';
import type { RandomSource } from '../../core/chat/ports';

/** Cryptographically secure random bytes. */
export const nodeRandom: RandomSource = {
  bytes: (count) => new Uint8Array(randomBytes(count)),
};
