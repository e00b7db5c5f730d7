/**
 * `tower task …` and `tower pool …`: the agent pool's queue and settings from the command line.
 * Parsing is pure; running calls the same TowerApi every other channel uses.
 */
import type { ConfigurePoolArgs, TowerApi } from '../contract/api';
import type { PoolView, TaskView } from '../contract/dto';
import { cleanText, safeJson, truncate } from './cli-format';

/** One parsed pool command. */
export type PoolCommand =
  | { readonly kind: 'task-add'; readonly text: string }
  | { readonly kind: 'task-list' }
  | { readonly kind: 'task-remove'; readonly id: string }
  | { readonly kind: 'pool-status' }
  | { readonly kind: 'pool-set'; readonly change: ConfigurePoolArgs }
  | { readonly kind: 'pool-broadcast'; readonly text: string; readonly all: boolean };

export const POOL_USAGE = `  task add <text…>                queue a task for the agent pool
  task list                       the pool's tasks (queued, running, done)
  task remove <id>                drop a queued task
  pool                            the pool: settings, agents, recent stalls/crashes/limits
  pool pause | pool resume        stop (or restart) opening agents and handing out tasks
  pool set [--max N] [--cooldown SECONDS] [--max-restarts N] [--resume-after-limit on|off]
           [--cwd D] [-- <agent command…>]
                                  change pool settings (the command the pool opens agents with)
  pool broadcast [--all] <text…>  type one message into every pool agent (--all: every agent)`;

/** Options pool commands take with a value. */
export const POOL_OPTIONS = ['--max', '--cooldown', '--max-restarts', '--resume-after-limit'] as const;

type Fail = (message: string) => never;

/** Parses `task …` / `pool …` (name is "task" or "pool"). */
export function parsePool(
  name: 'task' | 'pool',
  args: readonly string[],
  rest: readonly string[] | null,
  values: ReadonlyMap<string, string>,
  all: boolean,
  only: (allowed: readonly string[]) => void,
  fail: Fail,
): PoolCommand {
  const [sub, ...more] = args;
  const words = [...more, ...(rest ?? [])];
  if (name === 'task') {
    only([]);
    if (sub === 'add') {
      if (words.length === 0) fail('task add needs <text…>');
      return { kind: 'task-add', text: words.join(' ') };
    }
    if (sub === 'list' && words.length === 0) return { kind: 'task-list' };
    if (sub === 'remove' && more.length === 1 && rest === null && more[0])
      return { kind: 'task-remove', id: more[0] };
    return fail('task takes add <text…>, list, or remove <id>');
  }
  if (sub === undefined || sub === 'status') {
    only([]);
    return { kind: 'pool-status' };
  }
  if (sub === 'pause' || sub === 'resume') {
    only([]);
    if (words.length > 0) fail(`pool ${sub} takes no arguments`);
    return { kind: 'pool-set', change: { paused: sub === 'pause' } };
  }
  if (sub === 'broadcast') {
    only(['--all']);
    if (words.length === 0) fail('pool broadcast needs <text…>');
    return { kind: 'pool-broadcast', text: words.join(' '), all };
  }
  if (sub === 'set') {
    only([...POOL_OPTIONS, '--cwd']);
    if (more.length > 0) fail('put the agent command after --, e.g. tower pool set -- claude');
    return { kind: 'pool-set', change: poolChange(values, rest, fail) };
  }
  return fail('pool takes status, pause, resume, set or broadcast');
}

function poolChange(
  values: ReadonlyMap<string, string>,
  rest: readonly string[] | null,
  fail: Fail,
): ConfigurePoolArgs {
  const int = (name: string, scale = 1): number | undefined => {
    const value = values.get(name);
    if (value === undefined) return undefined;
    if (!/^\d{1,6}$/.test(value)) fail(`${name} must be a whole number`);
    return Number(value) * scale;
  };
  const resume = values.get('--resume-after-limit');
  if (resume !== undefined && resume !== 'on' && resume !== 'off')
    fail('--resume-after-limit takes on or off');
  const change: ConfigurePoolArgs = {
    maxAgents: int('--max'),
    cooldownMs: int('--cooldown', 1000),
    maxRestarts: int('--max-restarts'),
    resumeAfterLimit: resume === undefined ? undefined : resume === 'on',
    cwd: values.get('--cwd'),
    command: rest !== null && rest.length > 0 ? rest : undefined,
  };
  if (Object.values(change).every((v) => v === undefined)) fail('pool set needs at least one setting');
  return change;
}

/** Runs a pool command; returns what to print. */
export async function runPool(api: TowerApi, command: PoolCommand, json: boolean): Promise<string> {
  switch (command.kind) {
    case 'task-add': {
      const task = await api.addTask({ text: command.text });
      return json ? safeJson(task) : `Queued task ${task.id}: ${cleanText(truncate(task.text, 70))}`;
    }
    case 'task-list': {
      const tasks = await api.listTasks();
      return json ? safeJson(tasks) : formatTasks(tasks);
    }
    case 'task-remove': {
      const result = await api.removeTask({ id: command.id });
      return json ? safeJson(result) : `Removed task ${cleanText(command.id)}.`;
    }
    case 'pool-status': {
      const { pool } = await api.getSnapshot();
      return json ? safeJson(pool) : formatPool(pool);
    }
    case 'pool-set': {
      const pool = await api.configurePool(command.change);
      return json ? safeJson(pool) : formatPool(pool);
    }
    case 'pool-broadcast': {
      const result = await api.broadcast({ text: command.text, scope: command.all ? 'all' : 'pool' });
      if (json) return safeJson(result);
      const skipped =
        result.skipped.length > 0 ? ` (skipped, showing a prompt or gone: ${result.skipped.length})` : '';
      return `Sent to ${result.delivered.length} agent(s)${skipped}.`;
    }
  }
}

function formatTasks(tasks: readonly TaskView[]): string {
  if (tasks.length === 0) return 'No tasks.';
  return tasks
    .map((t) => {
      const where = t.session ? ` in ${cleanText(t.session)}` : '';
      return `${t.id.padEnd(5)} ${t.status.padEnd(8)} ${cleanText(truncate(t.text, 60))}${where}`;
    })
    .join('\n');
}

function formatPool(pool: PoolView): string {
  const command = pool.command
    ? cleanText(truncate(pool.command.join(' '), 70))
    : '(not set: the pool opens nothing)';
  const queued = pool.tasks.filter((t) => t.status === 'queued').length;
  const lines = [
    `Pool ${pool.paused ? 'PAUSED' : 'running'}: ${pool.agents.length}/${pool.maxAgents} agents, ${queued} queued`,
    `  command: ${command}${pool.cwd ? ` in ${cleanText(pool.cwd)}` : ''}`,
    `  cooldown ${Math.round(pool.cooldownMs / 1000)} s, max restarts ${pool.maxRestarts}, resume after limit ${pool.resumeAfterLimit ? 'on' : 'off'}`,
    ...pool.agents.map((a) => `  agent ${cleanText(a.session)}: ${a.task ?? 'free'}`),
    ...pool.incidents
      .slice(0, 5)
      .map((i) => `  #${i.sessionNumber} ${i.kind} → ${i.action}: ${cleanText(truncate(i.detail, 80))}`),
  ];
  return lines.join('\n');
}
