/**
 * The argv of every Terminal.app operation: `osascript <constant script file> data…`. The script
 * file is chosen from a fixed list and its text never changes; data goes only into later elements,
 * which AppleScript receives as `on run argv` strings and never parses as code.
 */
import { join } from 'node:path';
import type { Key } from '../../../contract/dto';

/** The constant scripts in `native-scripts/applescript/`. */
export const APPLESCRIPTS = {
  list: 'terminal-list.applescript',
  read: 'terminal-read.applescript',
  sendLine: 'terminal-send-line.applescript',
  open: 'terminal-open.applescript',
  close: 'terminal-close.applescript',
  focus: 'terminal-focus.applescript',
  keystroke: 'terminal-keystroke.applescript',
  appRunning: 'app-running.applescript',
} as const;

/** Where a tab lives, as re-checked by every script: window id AND tty. */
export interface TabAddress {
  readonly windowId: number;
  readonly tty: string;
}

/** Builds argv for the scripts under `appleScriptDir` (an absolute path). */
export class TerminalAppArgv {
  constructor(private readonly appleScriptDir: string) {
    if (!appleScriptDir.startsWith('/')) throw new Error('the AppleScript folder must be an absolute path');
  }

  /** The absolute path of one of the constant scripts. */
  script(name: keyof typeof APPLESCRIPTS): string {
    return join(this.appleScriptDir, APPLESCRIPTS[name]);
  }

  list(nonce: string): string[] {
    return [this.script('list'), nonce];
  }

  read(nonce: string, tab: TabAddress): string[] {
    return [this.script('read'), nonce, String(tab.windowId), tab.tty];
  }

  /** `do script text in tab`: the text then Return. An empty text is a lone Return. */
  sendLine(tab: TabAddress, text: string): string[] {
    return [this.script('sendLine'), String(tab.windowId), tab.tty, text];
  }

  open(commandLine: string, title: string, cols?: number, rows?: number): string[] {
    return [
      this.script('open'),
      commandLine,
      title,
      cols === undefined ? '' : String(cols),
      rows === undefined ? '' : String(rows),
    ];
  }

  close(tab: TabAddress): string[] {
    return [this.script('close'), String(tab.windowId), tab.tty];
  }

  /** Selects the tab, raises its window and activates Terminal (types nothing). */
  focus(tab: TabAddress): string[] {
    return [this.script('focus'), String(tab.windowId), tab.tty];
  }

  keystrokeText(tab: TabAddress, text: string): string[] {
    return [this.script('keystroke'), String(tab.windowId), tab.tty, 'text', text];
  }

  keystrokeKeys(tab: TabAddress, keys: readonly Key[]): string[] {
    return [this.script('keystroke'), String(tab.windowId), tab.tty, 'keys', ...keys];
  }

  appRunning(bundleId: string): string[] {
    return [this.script('appRunning'), bundleId];
  }
}
