/**
 * The policy in force, from policy.yaml: written with the commented default on first start, reloaded
 * when the file changes (or on `reload()`, e.g. SIGHUP). A bad file never crashes Tower and never
 * loosens anything: the last good policy stays, or — if there never was one — every prompt goes to
 * the owner and nothing is typed.
 */
import { watch, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';
import type { Policy, PolicyProvider } from '../../core/policy';
import { askEverything } from '../../core/policy';
import { ensurePolicyFile, readPolicyFile } from './policy-file';
import { realPathOf } from './real-path';

/** What happened on a (re)load, for the log and the owner. */
export type PolicyEvent =
  | { readonly kind: 'loaded'; readonly path: string; readonly created: boolean }
  | {
      readonly kind: 'rejected';
      readonly path: string;
      readonly errors: readonly string[];
      readonly kept: string;
    };

/** A PolicyProvider backed by a file. */
export class PolicyFileSource implements PolicyProvider {
  private policy: Policy;
  private watcher: FSWatcher | null = null;
  private debounce: NodeJS.Timeout | null = null;
  private listeners = new Set<(event: PolicyEvent) => void>();

  constructor(
    readonly path: string,
    readonly home: string | null,
    readonly protectedPaths: readonly string[],
  ) {
    this.policy = askEverything(`built-in ask-everything (${path} not loaded yet)`);
  }

  /** Resolves symlinks, so a link inside the project to a file outside it is never auto-approved. */
  readonly realPath = realPathOf;

  current(): Policy {
    return this.policy;
  }

  /** Tells `listener` about every load and rejection. */
  onEvent(listener: (event: PolicyEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The port's change signal: every load and rejection. */
  onChange(listener: () => void): () => void {
    return this.onEvent(() => listener());
  }

  /** Writes the default file if missing, loads it, and starts watching it. */
  async start(options: { readonly watch?: boolean } = {}): Promise<PolicyEvent> {
    let created = false;
    try {
      created = await ensurePolicyFile(this.path);
    } catch (error) {
      return this.reject([`${this.path}: cannot write the default policy (${String(error)})`]);
    }
    const event = await this.reload(created);
    if (options.watch !== false) this.watch();
    return event;
  }

  /** Re-reads the file; keeps the current policy if the file is bad. */
  async reload(created = false): Promise<PolicyEvent> {
    const load = await readPolicyFile(this.path);
    if (!load.ok) return this.reject(load.errors);
    this.policy = load.policy;
    return this.emit({ kind: 'loaded', path: this.path, created });
  }

  /** Stops watching. */
  stop(): void {
    this.watcher?.close();
    this.watcher = null;
    if (this.debounce) clearTimeout(this.debounce);
  }

  private watch(): void {
    try {
      // Watch the directory: editors replace the file by renaming, which ends a watch on the file.
      this.watcher = watch(dirname(this.path), (_event, name) => {
        if (name !== null && name !== basename(this.path)) return;
        if (this.debounce) clearTimeout(this.debounce);
        this.debounce = setTimeout(() => void this.reload(), 200);
      });
      this.watcher.on('error', () => this.stop());
    } catch {
      // No watching on this file system: SIGHUP / restart still reload.
    }
  }

  private reject(errors: readonly string[]): PolicyEvent {
    return this.emit({ kind: 'rejected', path: this.path, errors, kept: this.policy.source });
  }

  private emit(event: PolicyEvent): PolicyEvent {
    for (const listener of this.listeners) listener(event);
    return event;
  }
}
