/**
 * A stand-in for Terminal.app behind the `OsascriptRunner` port, for Linux tests: it records every
 * argv and answers each constant script the way the real script prints (untested against a Mac).
 */
import { basename } from 'node:path';
import type { OsascriptCallOptions, OsascriptRunner } from './osascript-runner';
import { toOsascriptError } from './osascript-runner';
import type { TtyFacts, TtyFactsSource } from './tty-facts';

/** One fake tab (each in its own window, as Tower opens them). */
export interface FakeTab {
  windowId: number;
  tty: string;
  title: string;
  contents: string;
  leaderPid: number;
  rows: number;
  cols: number;
  /** What reached the tab: `line:<text>` for do script, `keys:<k…>`/`text:<t>` for keystrokes. */
  input: string[];
}

/** A scripted Terminal.app. */
export class FakeTerminalApp implements OsascriptRunner {
  readonly calls: { argv: readonly string[]; timeoutMs: number }[] = [];
  readonly tabs: FakeTab[] = [];
  running = true;
  /** The tab the last focus call brought to the front. */
  focused: FakeTab | null = null;
  /** When set, every call fails with this stderr (e.g. a -1743 denial). */
  failWith: string | null = null;
  private nextWindow = 1000;
  private nextTty = 1;

  addTab(partial: Partial<FakeTab> = {}): FakeTab {
    const tab: FakeTab = {
      windowId: this.nextWindow++,
      tty: `/dev/ttys${String(this.nextTty++).padStart(3, '0')}`,
      title: '',
      contents: '',
      leaderPid: 500 + this.nextTty,
      rows: 24,
      cols: 80,
      input: [],
      ...partial,
    };
    this.tabs.push(tab);
    return tab;
  }

  /** Process facts as `ps -t` would give them for the fake ttys. */
  readonly ttyFacts: TtyFactsSource = (tty) => {
    const tab = this.tabs.find((t) => t.tty === tty);
    const facts: TtyFacts = tab
      ? {
          processes: [
            { pid: tab.leaderPid, command: 'login', args: 'login -pf owner' },
            { pid: tab.leaderPid + 1, command: '-zsh', args: '-zsh' },
          ],
          leaderPid: tab.leaderPid,
          shellPid: tab.leaderPid + 1,
          foreground: { pid: tab.leaderPid + 1, command: '-zsh', args: '-zsh' },
        }
      : { processes: [], leaderPid: null, shellPid: null, foreground: null };
    return Promise.resolve(facts);
  };

  run(argv: readonly string[], options: OsascriptCallOptions): Promise<string> {
    this.calls.push({ argv: [...argv], timeoutMs: options.timeoutMs });
    return new Promise((resolve) => resolve(this.answer(argv)));
  }

  private answer(argv: readonly string[]): string {
    if (this.failWith) throw toOsascriptError(null, this.failWith);
    const [script = '', ...args] = argv;
    const arg = (i: number): string => args[i] ?? '';
    switch (basename(script)) {
      case 'app-running.applescript':
        return String(this.running);
      case 'terminal-list.applescript': {
        const n = arg(0);
        const rec = (...f: string[]) => f.map((x) => `${x}\x1f${n}`).join('') + `\x1e${n}`;
        if (!this.running) return rec('tower-terminal-list-v1', 'not-running');
        return (
          rec('tower-terminal-list-v1', 'running') +
          this.tabs
            .map((t) =>
              rec(
                String(t.windowId),
                '1',
                t.tty,
                'false',
                'true',
                String(t.rows),
                String(t.cols),
                t.title,
                `login\x1d${n}-zsh`,
                t.contents,
              ),
            )
            .join('')
        );
      }
      case 'terminal-read.applescript': {
        const t = this.find(arg(1), arg(2));
        return ['tower-terminal-read-v1', String(t.rows), String(t.cols), t.title, 'false', t.contents]
          .map((x) => `${x}\x1f${arg(0)}`)
          .join('');
      }
      case 'terminal-send-line.applescript':
        this.find(arg(0), arg(1)).input.push(`line:${arg(2)}`);
        return 'sent';
      case 'terminal-keystroke.applescript':
        this.find(arg(0), arg(1)).input.push(`${arg(2)}:${args.slice(3).join(',')}`);
        return 'typed';
      case 'terminal-open.applescript': {
        const t = this.addTab({ title: arg(1), contents: `$ ${arg(0)}\n` });
        if (arg(2)) t.cols = Number(arg(2));
        if (arg(3)) t.rows = Number(arg(3));
        return `${t.windowId}\x1f1\x1f${t.tty}\x1f`;
      }
      case 'terminal-focus.applescript': {
        const t = this.find(arg(0), arg(1));
        this.focused = t;
        return 'focused';
      }
      case 'terminal-close.applescript': {
        const t = this.find(arg(0), arg(1));
        this.tabs.splice(this.tabs.indexOf(t), 1);
        return 'closed';
      }
      default:
        throw toOsascriptError(null, `unknown script ${script}`);
    }
  }

  private find(windowId: string, tty: string): FakeTab {
    const t = this.tabs.find((x) => String(x.windowId) === windowId && x.tty === tty);
    if (!t)
      throw toOsascriptError(null, 'execution error: no tab of that window has that tty any more (-1728)');
    return t;
  }
}
