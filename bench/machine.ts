/**
 * What the figures ran on: CPU, cores, memory, Node, tmux, OS.
 */
import { execFileSync } from 'node:child_process';
import { cpus, release, totalmem, type as osType } from 'node:os';

/** Machine facts printed with the figures and stored in results.json. */
export interface MachineInfo {
  readonly cpuModel: string;
  readonly cores: number;
  readonly memoryGiB: number;
  readonly os: string;
  readonly node: string;
  readonly tmux: string;
}

/** Reads the machine facts (tmux version via `tmux -V`, argv only). */
export function machineInfo(): MachineInfo {
  let tmux = 'not installed';
  try {
    tmux = execFileSync('tmux', ['-V'], { encoding: 'utf8' }).trim();
  } catch {
    // no tmux: the tmux rows will say so
  }
  return {
    cpuModel: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    os: `${osType()} ${release()}`,
    node: process.version,
    tmux,
  };
}
