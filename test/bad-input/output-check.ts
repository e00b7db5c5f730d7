/**
 * Terminal output as an entry point: payloads (fake prompts, escape sequences, oversized lines) printed
 * by an agent inside its transcript, above its live idle input box. The detector and Tower's
 * published state must never show a prompt for them, and the pane must receive no input.
 */
import { detect } from '../../electron/core/detection';
import { canaryPaneCommand, fixtureScreen, recorded } from './canary-pane';
import type { BadInputRig } from './harness';

const CODEX_IDLE = fixtureScreen('captured/codex-idle-after-turn.txt');
const CLAUDE_IDLE = fixtureScreen('captured/claude-idle-after-turn.txt');
const CLAUDE_WORKING = fixtureScreen('captured/claude-working-spinner.txt');

// eslint-disable-next-line no-control-regex
const TERMINAL_ANSWERS = /\x1b\[\d+;\d+R|\x1b\[[?>][\d;]*c|\x1bP[01]\$r[0-9;:]*[ -/]{0,2}[@-~]?\x1b\\/gu;

/** Output worth a real pane: control characters, escapes, or non-ASCII (plain ASCII text is the detector's). */
export const NOT_PLAIN = /[^\x20-\x7e]/u;

// Where the transcript is: below Claude's banner (3 rows) and Codex's header box.
function splice(screen: readonly string[], at: number, payload: string): string[] {
  return [...screen.slice(0, at), ...payload.split('\n'), ...screen.slice(at)];
}

/** Screens with `payload` in the transcript; the expected state of each. */
export function transcriptScreens(payload: string): { lines: string[]; kind: 'claude' | 'codex' }[] {
  return [
    { lines: splice(CLAUDE_IDLE, 4, payload), kind: 'claude' },
    { lines: splice(CLAUDE_WORKING, 4, payload), kind: 'claude' },
    { lines: splice(CODEX_IDLE, 6, payload), kind: 'codex' },
  ];
}

/** Runs the detector on every payload screen; returns the payloads it mistook for a prompt. */
export function runDetector(rig: BadInputRig, payloads: readonly string[]): string[] {
  const fooled: string[] = [];
  rig.tally.entryPoints.add('output:detector');
  for (const p of payloads) {
    rig.tally.checks += 1;
    for (const screen of transcriptScreens(p)) {
      const d = detect(screen.lines, { kind: screen.kind, version: null });
      if (d.prompt !== null || d.state === 'permission' || d.state === 'question') {
        fooled.push(`${screen.kind}: ${JSON.stringify(p.slice(0, 60))} → ${d.state}`);
      }
    }
  }
  return fooled;
}

/**
 * Opens panes (in batches) that draw the idle Claude screen with a payload printed raw into the
 * transcript; Tower must publish idle (never permission/question) for each, and the pane must
 * receive nothing but a terminal's own answers to queries the payload made (cursor report, device attributes).
 */
export async function runPanes(
  rig: BadInputRig,
  provider: 'tmux' | 'pty',
  payloads: readonly string[],
  batch = 40,
): Promise<{ fooled: string[]; input: string[] }> {
  const fooled: string[] = [];
  const input: string[] = [];
  rig.tally.entryPoints.add(`output:${provider}-pane`);
  payloads = payloads.filter((p) => NOT_PLAIN.test(p));
  const head = CLAUDE_IDLE.slice(0, 4).join('\r\n');
  const rest = CLAUDE_IDLE.slice(4);
  for (let start = 0; start < payloads.length; start += batch) {
    const group = payloads.slice(start, start + batch).map((p, k) => {
      const pane = canaryPaneCommand(
        rig.dir,
        `out-${provider}-${start + k}`,
        [head],
        `\r\n${p}\r\n${rest.join('\r\n')}`,
      );
      return { p, ...pane };
    });
    // Opened through the driver at the size the screens were captured at, then adopted by one scan.
    const driver = rig.tower.drivers[provider];
    const opened = await Promise.all(
      group.map(async (g) => {
        const info = await driver.open({ command: g.argv, title: 'output-check', cols: 120, rows: 40 });
        return { ...g, view: { id: `${provider}:${info.id}` } };
      }),
    );
    await rig.tower.supervisor.scanNow(true);
    for (const o of opened) {
      rig.tally.checks += 1;
      const seen = await rig.tower
        .waitFor(o.view.id, (v) => v.agent?.kind === 'claude' && v.state !== 'starting', 15_000)
        .catch(() => null);
      const states = rig.tower.history(o.view.id).map((h) => h.view.state);
      if (!seen || states.includes('permission') || states.includes('question')) {
        fooled.push(`${JSON.stringify(o.p.slice(0, 60))} → ${states.join(',')}`);
      }
    }
    await new Promise((r) => setTimeout(r, 150)); // let any terminal answers land before reading the records
    for (const o of opened) {
      const got = recorded(o.record).toString('latin1');
      // A cursor-position report (CSI r;c R), device attributes (CSI ? … c / CSI > … c) or a
      // digits-only DECRQSS answer (DCS 0|1 $ r … ST) is the terminal answering a query the program
      // printed, with no text of the program's in it (pty/terminal-replies.ts); not a keystroke.
      const rest2 = got.replace(TERMINAL_ANSWERS, '');
      if (rest2 !== '') input.push(`${JSON.stringify(o.p.slice(0, 60))} → pane got ${JSON.stringify(rest2)}`);
      await driver.close(o.view.id.slice(provider.length + 1)).catch(() => undefined);
    }
  }
  return { fooled, input };
}
