/**
 * fsync of a directory: makes a created or renamed file's directory entry durable (a rename alone can
 * be lost in a power cut even after the file's own data was synced).
 */
import { open } from 'node:fs/promises';

/** Syncs the directory `dir`. Platforms that cannot open a directory (Windows) are skipped. */
export async function fsyncDirectory(dir: string): Promise<void> {
  let handle;
  try {
    handle = await open(dir, 'r');
  } catch (error) {
    if (
      (error as NodeJS.ErrnoException).code === 'EISDIR' ||
      (error as NodeJS.ErrnoException).code === 'EPERM'
    )
      return;
    throw error;
  }
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
