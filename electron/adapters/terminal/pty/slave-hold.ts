/**
 * Holds the pty's slave side open until the process has exited, so no output is lost at exit.
 *
 * On Linux, once the last slave descriptor closes, reads on the master may fail with EIO while
 * the kernel still holds the program's final bytes, and node-pty then drops them
 * (microsoft/node-pty#726, #85; reproduced here: a program printing 300 KB and exiting lost its
 * last lines under load). With one slave descriptor of our own, the master never sees EIO;
 * node-pty instead closes its reader 200 ms after the exit, having read everything meanwhile.
 * We never read or write the descriptor, so it neither steals input nor adds output.
 */
import { closeSync, constants, openSync } from 'node:fs';

/** Opens the slave named by node-pty's (untyped) `ptsName`; returns the release function. */
export function holdSlave(pty: object): () => void {
  if (process.platform !== 'linux') return () => undefined;
  const name = (pty as { readonly ptsName?: unknown }).ptsName;
  if (typeof name !== 'string' || !/^\/dev\/pts\/\d+$/.test(name)) return () => undefined;
  let fd: number | null;
  try {
    // O_NOCTTY: the pty must never become Tower's own controlling terminal.
    fd = openSync(name, constants.O_RDONLY | constants.O_NOCTTY);
  } catch {
    // The program already exited and the pty is gone: nothing left to protect.
    return () => undefined;
  }
  return () => {
    if (fd === null) return;
    closeSync(fd);
    fd = null;
  };
}
