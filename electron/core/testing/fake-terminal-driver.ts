/**
 * FakeTerminalDriver: terminals whose screens a test writes, and whose typed input a test reads.
 */
import type { ProviderId } from '../../contract/dto';
import type { OpenSpec, ScreenCapture, TerminalDriver, TerminalInfo, TypedInput } from '../ports';

interface FakeTerminal {
  info: TerminalInfo;
  lines: string[];
  inMode: boolean;
  typed: TypedInput[];
}

/** A scripted terminal provider. `onType` lets a test react to keys (e.g. clear the prompt on approve). */
export class FakeTerminalDriver implements TerminalDriver {
  private readonly terminals = new Map<string, FakeTerminal>();
  private readonly listeners = new Set<(id: string) => void>();
  private counter = 0;
  available = true;
  listFails: string | null = null;
  onType: ((id: string, input: TypedInput) => void) | null = null;

  constructor(readonly provider: ProviderId = 'tmux') {}

  /** Adds a terminal as if the user opened it. */
  add(partial: Partial<TerminalInfo> & { lines?: string[] } = {}): string {
    const id = partial.id ?? `t${++this.counter}`;
    const { lines = [], ...rest } = partial;
    this.terminals.set(id, {
      info: {
        provider: this.provider,
        id,
        title: 'fake',
        pid: 100 + this.counter,
        alive: true,
        exitCode: null,
        cwd: '/work',
        currentCommand: 'bash',
        processes: [],
        cols: 80,
        rows: 24,
        ...rest,
      },
      lines,
      inMode: false,
      typed: [],
    });
    return id;
  }

  /** Replaces a terminal's screen and signals activity (unless `silent`, to model a missed signal). */
  setScreen(id: string, lines: string[], options: { silent?: boolean } = {}): void {
    this.get(id).lines = lines;
    if (options.silent) return;
    for (const listener of this.listeners) listener(id);
  }

  /** Signals activity for `id` and changes nothing (a terminal that just died still signals). */
  signal(id: string): void {
    for (const listener of this.listeners) listener(id);
  }

  setInfo(id: string, patch: Partial<TerminalInfo>): void {
    const t = this.get(id);
    t.info = { ...t.info, ...patch };
  }

  setInMode(id: string, inMode: boolean): void {
    this.get(id).inMode = inMode;
  }

  remove(id: string): void {
    this.terminals.delete(id);
  }

  typed(id: string): readonly TypedInput[] {
    return this.get(id).typed;
  }

  availability(): Promise<{ available: boolean; reason: string | null }> {
    return Promise.resolve({ available: this.available, reason: this.available ? null : 'fake unavailable' });
  }

  list(): Promise<readonly TerminalInfo[]> {
    if (this.listFails) return Promise.reject(new Error(this.listFails));
    return Promise.resolve([...this.terminals.values()].map((t) => t.info));
  }

  readScreen(id: string): Promise<ScreenCapture> {
    const t = this.terminals.get(id);
    if (!t) return Promise.reject(new Error(`no terminal ${id}`));
    return Promise.resolve({
      lines: [...t.lines],
      cols: t.info.cols,
      rows: t.info.rows,
      cursor: null,
      title: t.info.title,
      inMode: t.inMode,
      exited: !t.info.alive,
    });
  }

  type(id: string, input: TypedInput): Promise<void> {
    const t = this.terminals.get(id);
    if (!t) return Promise.reject(new Error(`no terminal ${id}`));
    t.typed.push(input);
    this.onType?.(id, input);
    return Promise.resolve();
  }

  open(spec: OpenSpec): Promise<TerminalInfo> {
    const id = this.add({ title: spec.title, currentCommand: spec.command[0] ?? null });
    return Promise.resolve(this.get(id).info);
  }

  close(id: string): Promise<void> {
    this.terminals.delete(id);
    return Promise.resolve();
  }

  /** Ids focused so far, in order. */
  readonly focused: string[] = [];

  focus(id: string): Promise<void> {
    if (!this.terminals.has(id)) return Promise.reject(new Error(`no terminal ${id}`));
    this.focused.push(id);
    return Promise.resolve();
  }

  onActivity(listener: (id: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  dispose(): Promise<void> {
    this.terminals.clear();
    return Promise.resolve();
  }

  private get(id: string): FakeTerminal {
    const t = this.terminals.get(id);
    if (!t) throw new Error(`no terminal ${id}`);
    return t;
  }
}
