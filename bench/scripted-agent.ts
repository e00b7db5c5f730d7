/**
 * Scripted agents: a tiny Node program per terminal that prints real captured screens from the
 * fixture corpus, so the bench can run 50 "agents" without 50 model sessions.
 *
 * The program is a constant string run as `node -e SCRIPT <config.json>` (argv, no shell); the
 * config file carries the screens and the timing. It writes nothing but screens to its terminal.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** What a scripted agent does. */
export type ScriptedAgentConfig =
  | {
      /**
       * Waits for `goFile`, then `cycles` times: working screen, a random pause, the prompt screen
       * (appending the wall time just before writing it to `stampFile`), a hold; then idle.
       */
      readonly mode: 'cycle';
      readonly goFile: string;
      readonly stampFile: string;
      readonly cycles: number;
      readonly minDelayMs: number;
      readonly maxDelayMs: number;
      readonly holdMs: number;
    }
  | {
      /** Idle screen until `busyFile` exists, then the working screen with its spinner line redrawn every `tickMs`. */
      readonly mode: 'idle-busy';
      readonly busyFile: string;
      readonly tickMs: number;
    };

/** The screens a scripted agent shows (rows of text, as the fixtures hold them). */
export interface AgentScreens {
  readonly working: readonly string[];
  readonly prompt: readonly string[];
  readonly idle: readonly string[];
}

// Plain JS (CommonJS under `node -e`). The prompt time is taken right before the write, so the
// measured latency includes the write itself (pessimistic by a few microseconds).
const SCRIPT = String.raw`
const fs = require('node:fs');
const cfg = JSON.parse(fs.readFileSync(process.argv[1], 'utf8'));
const draw = (lines) => process.stdout.write('\x1b[H\x1b[2J' + lines.join('\r\n'));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const until = async (file) => { while (!fs.existsSync(file)) await sleep(20); };
const forever = () => setInterval(() => {}, 1 << 30);
const spinnerRow = Math.max(0, cfg.screens.working.findIndex((l) => /…/.test(l)));
(async () => {
  if (cfg.mode === 'idle-busy') {
    draw(cfg.screens.idle);
    await until(cfg.busyFile);
    draw(cfg.screens.working);
    const glyphs = ['✢', '✳', '✶', '✻', '✽'];
    let tick = 0;
    setInterval(() => {
      tick += 1;
      const line = glyphs[tick % glyphs.length] + ' Fermenting… (' + (tick / 10).toFixed(1) + 's · esc to interrupt)';
      process.stdout.write('\x1b[' + (spinnerRow + 1) + ';1H\x1b[2K' + line);
    }, cfg.tickMs);
    return;
  }
  draw(cfg.screens.working);
  await until(cfg.goFile);
  for (let c = 0; c < cfg.cycles; c++) {
    draw(cfg.screens.working);
    await sleep(cfg.minDelayMs + Math.random() * (cfg.maxDelayMs - cfg.minDelayMs));
    const at = Date.now();
    draw(cfg.screens.prompt);
    fs.appendFileSync(cfg.stampFile, at + '\n');
    await sleep(cfg.holdMs);
  }
  draw(cfg.screens.idle);
  forever();
})();
`;

/**
 * Writes the agent's config to `dir/<name>.json` and returns the argv that runs it.
 * The interpreter is this process's own node, by absolute path.
 */
export function scriptedAgent(
  dir: string,
  name: string,
  screens: AgentScreens,
  config: ScriptedAgentConfig,
): string[] {
  const file = join(dir, `${name}.json`);
  writeFileSync(file, JSON.stringify({ ...config, screens }));
  return [process.execPath, '-e', SCRIPT, file];
}
