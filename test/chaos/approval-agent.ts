/**
 * A fake Claude Code for the kill -9 test: it shows a captured Claude permission prompt whose command
 * names the round (so each round is a new prompt instance), takes the first key as the answer, works
 * for a moment, and asks the next round. Every byte it receives is logged with the round and whether
 * a prompt was showing, so a key typed twice (or into no prompt) is on record.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixtureScreen } from '../bad-input/canary-pane';

const SCREEN = fixtureScreen('captured/claude-permission-bash.txt');
const COMMAND = 'sleep 5 && touch /tmp/tower-claude-6HsvTE/project/marker';

const SCRIPT = String.raw`
const fs = require('node:fs');
const cfg = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const log = fs.openSync(cfg.record, 'a');
let round = 0;
let showing = false;
const draw = (lines) => process.stdout.write('\x1b[H\x1b[2J' + lines.join('\r\n'));
const ask = () => {
  const command = cfg.command + '-' + String(round).padStart(4, '0');
  draw(cfg.screen.map((line) => line.split(cfg.command).join(command)));
  showing = true;
  fs.writeSync(log, JSON.stringify({ event: 'ask', round, at: Date.now() }) + '\n');
};
process.stdin.setRawMode(true);
process.stdin.on('data', (data) => {
  fs.writeSync(log, JSON.stringify({ event: 'key', round, showing, bytes: data.toString('latin1'), at: Date.now() }) + '\n');
  if (!showing) return;
  showing = false;
  draw(cfg.screen.slice(0, 9).concat(['', '● Bash(' + cfg.command + '-' + round + ')', '  ⎿  Running…']));
  round += 1;
  setTimeout(ask, cfg.pauseMs);
});
ask();
`;

/** One line of the agent's record. */
export type AgentEvent =
  | { readonly event: 'ask'; readonly round: number; readonly at: number }
  | {
      readonly event: 'key';
      readonly round: number;
      readonly showing: boolean;
      readonly bytes: string;
      readonly at: number;
    };

/** Writes the agent's script and config into `dir`; returns the argv to run it and its record file. */
export function approvalAgent(dir: string, pauseMs: number): { argv: string[]; record: string } {
  const script = join(dir, 'approval-agent.cjs');
  const config = join(dir, 'approval-agent.json');
  const record = join(dir, 'approval-agent.jsonl');
  writeFileSync(script, SCRIPT);
  writeFileSync(record, '');
  writeFileSync(config, JSON.stringify({ record, screen: SCREEN, command: COMMAND, pauseMs }));
  return { argv: [process.execPath, script, config], record };
}

/** Everything the agent recorded so far. */
export function agentEvents(record: string): AgentEvent[] {
  return readFileSync(record, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as AgentEvent);
}
