/**
 * `npm run soak` — 20 agents cycling states under one Tower (bench/soak-run.ts). Length: `--minutes N`,
 * `--seconds N`, a bare number of seconds, or SOAK_MINUTES / SOAK_SECONDS; default 60 s. The hour:
 * `npm run soak -- --minutes 60`. CI runs a short one (test/soak).
 */
import { runSoak } from './soak-run';

/** Seconds asked for on the command line or in the environment. */
export function soakSeconds(argv: readonly string[], env: NodeJS.ProcessEnv): number {
  const flag = (name: string) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const minutes = flag('--minutes') ?? env['SOAK_MINUTES'];
  const seconds = flag('--seconds') ?? argv.find((a) => /^\d+$/.test(a)) ?? env['SOAK_SECONDS'];
  const value = minutes !== undefined ? Number(minutes) * 60 : Number(seconds ?? 60);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`soak: not a duration: ${minutes ?? seconds}`);
  return value;
}

// Counted and printed, never fatal: an hour's figures must not be lost to one stray rejection.
const rejections: string[] = [];
process.on('unhandledRejection', (error) => {
  rejections.push(String(error).slice(0, 300));
  process.stderr.write(`soak: unhandled rejection: ${String(error).slice(0, 300)}\n`);
});

const seconds = soakSeconds(process.argv.slice(2), process.env);
const r = await runSoak({ seconds, onSample: (line) => process.stderr.write(`soak: ${line}\n`) });
const sign = (n: number) => `${n >= 0 ? '+' : ''}${n}`;
process.stdout.write(
  `soak: ${r.seconds} s, ${r.sessions} sessions (10 tmux, 10 pty), ${r.prompts} prompts\n` +
    `  RSS ${r.rssMiB.start} → ${r.rssMiB.end} MiB (${sign(r.rssMiB.end - r.rssMiB.start)}), ` +
    `fds ${r.fds.start} after warm-up → ${r.fds.end} (${sign(r.fds.end - r.fds.start)}; ${r.fds.before} before the agents started)\n` +
    `  missed prompts ${r.missed}, duplicated permission events ${r.duplicated}\n` +
    `  unhandled rejections ${rejections.length}${rejections.length > 0 ? `: ${rejections.join(' | ')}` : ''}\n`,
);
process.exit(0);
