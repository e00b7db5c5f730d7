/**
 * `npm run soak [seconds]` (default 60): 20 scripted agents (10 tmux, 10 node-pty) cycling working →
 * permission → working under one Tower; reports RSS and file-descriptor growth and prompts Tower
 * missed or reported twice. Not run in CI; run it for an hour by hand (`npm run soak 3600`).
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { screenOf } from './corpus';
import { startFleet } from './fleet';
import { scriptedAgent, type AgentScreens } from './scripted-agent';

const SCREENS: AgentScreens = {
  working: screenOf('captured/claude-working-spinner.txt'),
  prompt: screenOf('captured/claude-permission-bash.txt'),
  idle: screenOf('captured/claude-idle-after-turn.txt'),
};
const seconds = Number(process.argv[2] ?? process.env['SOAK_SECONDS'] ?? 60);
const fds = () => readdirSync('/proc/self/fd').length;
const rssMiB = () => Math.round(process.memoryUsage().rss / 2 ** 20);
const stamps = (file: string) =>
  existsSync(file)
    ? readFileSync(file, 'utf8')
        .split('\n')
        .filter((l) => l !== '')
        .map(Number)
    : [];

// Averages 1.2 s per cycle (0.2–0.8 s working, 0.7 s prompt).
const fleet = await startFleet('soak', false);
try {
  const goFile = join(fleet.dir, 'go');
  const cycles = Math.ceil(seconds / 1.2);
  const agent = (i: number) =>
    scriptedAgent(fleet.dir, `agent-${i}`, SCREENS, {
      mode: 'cycle',
      goFile,
      stampFile: join(fleet.dir, `agent-${i}.stamps`),
      cycles,
      minDelayMs: 200,
      maxDelayMs: 800,
      holdMs: 700,
    });
  await fleet.open('tmux', 10, agent);
  await fleet.open('pty', 10, (i) => agent(i + 10));
  const start = { rss: rssMiB(), fds: fds(), at: Date.now() };
  writeFileSync(goFile, '');
  const samples: string[] = [];
  while (Date.now() - start.at < seconds * 1000) {
    await new Promise((r) => setTimeout(r, Math.min(10_000, seconds * 250)));
    samples.push(`${Math.round((Date.now() - start.at) / 1000)}s: RSS ${rssMiB()} MiB, ${fds()} fds`);
    process.stderr.write(`soak: ${samples.at(-1)}\n`);
  }
  await new Promise((r) => setTimeout(r, 1_500));
  let prompts = 0;
  let missed = 0;
  let duplicated = 0;
  fleet.sessions.forEach((id, i) => {
    const times = stamps(join(fleet.dir, `agent-${i}.stamps`));
    const into = fleet.transitions(id).filter((t) => t.state === 'permission');
    times.forEach((at, k) => {
      const next = times[k + 1] ?? Infinity;
      const hits = into.filter((t) => t.at >= at && t.at < next).length;
      prompts += 1;
      if (hits === 0) missed += 1;
      if (hits > 1) duplicated += 1;
    });
  });
  const end = { rss: rssMiB(), fds: fds() };
  process.stdout.write(
    `soak: ${seconds} s, 20 sessions (10 tmux, 10 pty), ${prompts} prompts\n` +
      `  RSS ${start.rss} → ${end.rss} MiB (${end.rss - start.rss >= 0 ? '+' : ''}${end.rss - start.rss}), ` +
      `fds ${start.fds} → ${end.fds} (${end.fds - start.fds >= 0 ? '+' : ''}${end.fds - start.fds})\n` +
      `  missed prompts ${missed}, duplicated permission events ${duplicated}\n`,
  );
} finally {
  await fleet.close();
}
