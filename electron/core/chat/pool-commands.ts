/**
 * The pool and open commands: `/queue`, `/task <text>`, `/pause`, `/resume`, `/open [name]`.
 *
 * `/task` text is data for an agent's input box (one line, no controls), never a shell command.
 * `/open` starts only a template the owner configured at the Mac, by name: no argv, folder or
 * program ever comes from the chat. Pausing the pool asks for confirmation first (dangerous);
 * resuming does not. A Tower without the pool answers "not available" and does nothing.
 */
import { typedTextProblem } from '../../contract/typed-text';
import type { Intent } from '../intents/intent';
import { queueText } from '../intents/messages';
import type { CommandContext } from './commands';
import type { ChatButton } from './ports';

/** The longest task text accepted from chat; longer briefs belong in a file the agent reads. */
export const MAX_TASK_LENGTH = 2_000;

/** A named way to open an agent, configured by the owner at the Mac. */
export interface OpenTemplate {
  /** What the owner types after /open: lowercase letters, digits and dashes. */
  readonly name: string;
  readonly command: readonly string[];
  readonly cwd?: string | undefined;
  readonly provider?: 'tmux' | 'pty' | undefined;
  readonly title?: string | undefined;
}

const NOT_AVAILABLE = 'is not available in this Tower (no agent pool). Nothing was done.';

/** `/queue`: the pool's tasks, queued first. */
export async function showQueue(ctx: CommandContext): Promise<void> {
  if (!ctx.backend.listTasks) return ctx.reply(`The task queue ${NOT_AVAILABLE}`);
  const [tasks, snapshot] = await Promise.all([ctx.backend.listTasks(), ctx.backend.getSnapshot()]);
  return ctx.reply(queueText(tasks, snapshot.pool.paused));
}

/** `/task <text>`: queues a task for the pool. */
export async function addTask(ctx: CommandContext, text: string): Promise<void> {
  if (!ctx.backend.addTask) return ctx.reply(`Queuing tasks ${NOT_AVAILABLE}`);
  const problem = typedTextProblem(text);
  if (problem) return ctx.reply(`Not queued: ${problem}. Send the task as one line of plain text.`);
  if (text.length > MAX_TASK_LENGTH)
    return ctx.reply(`Not queued: ${text.length} characters is over the ${MAX_TASK_LENGTH} limit.`);
  try {
    const task = await ctx.backend.addTask({ text });
    await ctx.audit.append({
      at: ctx.clock.now(),
      kind: 'chat-task-added',
      channel: `${ctx.channel}:${ctx.user.id}`,
      detail: { task: task.id, length: text.length },
    });
    const queued = (await ctx.backend.listTasks?.())?.filter((t) => t.status === 'queued').length;
    return ctx.reply(
      `📝 Queued task ${task.id} (${text.length} characters)${queued ? `; ${queued} waiting in the queue` : ''}. /queue shows it.`,
    );
  } catch (error) {
    return ctx.reply(`Not queued: ${reasonOf(error)}`);
  }
}

/** `/pause` (all: confirm first) and `/resume`. */
export async function pauseOrResume(
  ctx: CommandContext,
  intent: Extract<Intent, { kind: 'pause' | 'resume' }>,
): Promise<void> {
  const verb = intent.kind === 'pause' ? 'Pausing' : 'Resuming';
  if (!ctx.backend.configurePool) return ctx.reply(`${verb} the pool ${NOT_AVAILABLE}`);
  if (intent.scope.kind === 'session')
    return ctx.reply(
      `${verb} one session is not available: /${intent.kind} applies to the whole pool. Nothing was done.`,
    );
  const paused = (await ctx.backend.getSnapshot()).pool.paused;
  if (intent.kind === 'resume') {
    if (!paused) return ctx.reply('The pool is not paused. Nothing was done.');
    return ctx.reply(await runPoolChange(ctx, false));
  }
  if (paused) return ctx.reply('The pool is already paused.');
  const id = ctx.confirmations.park(intent, null, ctx.user.id, ctx.clock.now());
  return ctx.reply(
    'Pause the pool? No queued task starts until /resume (agents already running go on).',
    confirmButtons(id, '⏸ Yes, pause all'),
  );
}

/** Pauses or resumes the pool; the line to show. */
export async function runPoolChange(ctx: CommandContext, paused: boolean): Promise<string> {
  if (!ctx.backend.configurePool) return `The pool ${NOT_AVAILABLE}`;
  try {
    await ctx.backend.configurePool({ paused });
    await ctx.audit.append({
      at: ctx.clock.now(),
      kind: paused ? 'chat-pool-paused' : 'chat-pool-resumed',
      channel: `${ctx.channel}:${ctx.user.id}`,
      detail: {},
    });
    const who = `${ctx.user.name ?? 'owner'} (${ctx.channel} id ${ctx.user.id})`;
    return paused
      ? `⏸ Pool paused by ${who}. /resume starts queued tasks again.`
      : `▶ Pool resumed by ${who}.`;
  } catch (error) {
    return `⚠ Not done: ${reasonOf(error)}`;
  }
}

/** `/open [name]`: lists the owner's templates, or opens one by name. */
export async function openTemplate(ctx: CommandContext, name: string | null): Promise<void> {
  const names = ctx.templates.map((t) => t.name).join(', ');
  if (!ctx.backend.openAgent) return ctx.reply(`Opening agents ${NOT_AVAILABLE}`);
  if (ctx.templates.length === 0)
    return ctx.reply(
      'No agent templates are configured, so nothing can be opened from here. Add them at the Mac. Nothing was done.',
    );
  if (name === null) return ctx.reply(`Templates: ${names}. Send /open <name>.`);
  const template = ctx.templates.find((t) => t.name === name);
  if (!template) return ctx.reply(`No template named "${name}". Templates: ${names}. Nothing was done.`);
  try {
    const view = await ctx.backend.openAgent({
      command: template.command,
      cwd: template.cwd,
      provider: template.provider,
      title: template.title ?? template.name,
    });
    await ctx.audit.append({
      at: ctx.clock.now(),
      kind: 'chat-open',
      session: view.id,
      channel: `${ctx.channel}:${ctx.user.id}`,
      detail: { template: template.name },
    });
    return ctx.reply(`🚀 Opened "${template.name}" as session ${view.number}.`);
  } catch (error) {
    return ctx.reply(`Not opened: ${reasonOf(error)}`);
  }
}

/** A confirmation message's buttons: confirm (`c:`) and cancel (`x:`). */
export function confirmButtons(id: string, yes: string): ChatButton[][] {
  return [[{ label: yes, data: `c:${id}` }], [{ label: 'Cancel', data: `x:${id}` }]];
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
