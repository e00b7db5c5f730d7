/**
 * Loads node-pty lazily, so a missing or mismatched native module becomes a reported reason
 * instead of a crash at import time.
 */
import type * as NodePty from 'node-pty';

/** The node-pty module, or why it could not be loaded. */
export type NodePtyLoad =
  { readonly ok: true; readonly pty: typeof NodePty } | { readonly ok: false; readonly reason: string };

/** A function that loads node-pty; injectable so tests can simulate a broken native build. */
export type NodePtyLoader = () => Promise<NodePtyLoad>;

let cached: Promise<NodePtyLoad> | undefined;

/** Imports node-pty once per process and remembers the outcome. */
export const loadNodePty: NodePtyLoader = () => {
  cached ??= import('node-pty').then(
    (pty): NodePtyLoad => {
      // Under some loaders a CJS module arrives only as `default`; accept either shape.
      const mod = (pty as { default?: typeof NodePty }).default ?? pty;
      return typeof mod.spawn === 'function'
        ? { ok: true, pty: mod }
        : { ok: false, reason: 'node-pty loaded but has no spawn function' };
    },
    (error: unknown): NodePtyLoad => ({
      ok: false,
      reason: `node-pty native module failed to load: ${error instanceof Error ? error.message : String(error)}`,
    }),
  );
  return cached;
};
