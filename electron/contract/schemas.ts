/**
 * zod schemas for every call's arguments: the transports validate here before the core sees anything.
 */
import { z } from 'zod';
import type { TowerMethod } from './api';
import { KEYS } from './dto';
import { SETTINGS_ARG_SCHEMAS } from './settings';
import { typedTextProblem } from './typed-text';

const sessionId = z.string().min(1).max(200);
/** Text typed into an agent: bounded so a paste cannot flood a terminal. */
const typedText = z
  .string()
  .max(8_000)
  .superRefine((text, ctx) => {
    const problem = typedTextProblem(text);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

/** Argument schema of each call; calls without arguments take `undefined`. */
export const TOWER_ARG_SCHEMAS = {
  getSnapshot: z.undefined().or(z.object({}).strict()),
  answerPrompt: z
    .object({
      session: sessionId,
      choice: z.enum(['approve', 'approve-remember', 'deny']),
      fingerprint: z.string().min(1).max(200).optional(),
      channel: z.string().min(1).max(100).optional(),
    })
    .strict(),
  sendText: z.object({ session: sessionId, text: typedText, submit: z.boolean().optional() }).strict(),
  openAgent: z
    .object({
      command: z.array(z.string().min(1).max(4_000)).min(1).max(100),
      title: z.string().min(1).max(200).optional(),
      cwd: z.string().min(1).max(4_000).optional(),
      provider: z.enum(['tmux', 'pty']).optional(),
    })
    .strict(),
  closeAgent: z.object({ session: sessionId }).strict(),
  focusAgent: z.object({ session: sessionId }).strict(),
  ...SETTINGS_ARG_SCHEMAS,
  // Every caller over a wire is local (loopback + token, or IPC): it can only name a local channel.
  lockdown: z.object({ engaged: z.boolean(), channel: z.enum(['api', 'cli', 'tray']).optional() }).strict(),
  unlockPhone: z.object({ channel: z.enum(['api', 'cli', 'tray']).optional() }).strict(),
  addTask: z.object({ text: typedText.pipe(z.string().min(1)) }).strict(),
  listTasks: z.undefined().or(z.object({}).strict()),
  removeTask: z.object({ id: z.string().min(1).max(100) }).strict(),
  configurePool: z
    .object({
      paused: z.boolean().optional(),
      maxAgents: z.number().int().min(0).max(64).optional(),
      cooldownMs: z.number().int().min(0).max(86_400_000).optional(),
      command: z.array(z.string().min(1).max(4_000)).min(1).max(100).optional(),
      cwd: z.string().min(1).max(4_000).optional(),
      resumeAfterLimit: z.boolean().optional(),
      maxRestarts: z.number().int().min(0).max(100).optional(),
    })
    .strict(),
  broadcast: z
    .object({ text: typedText.pipe(z.string().min(1)), scope: z.enum(['pool', 'all']).optional() })
    .strict(),
} as const satisfies Record<TowerMethod, z.ZodType>;

export const keySchema = z.enum(KEYS);
