/**
 * Telegram button → key delivered: the real Claude Code in tmux raises Bash prompts one after
 * another; Tower's escalation ladder sends each to Telegram (`telegram-test-api`, the Bot API
 * emulator the e2e tests use, reached by the real grammY client); a paired owner presses Approve;
 * the sample is press → Tower's audit record of the key typed into the pane. Each prompt must then
 * really run its command (the marker file appears), or it counts as missed.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { eventually, FAST_LADDER, openScriptedClaude, typedVia } from '../test/e2e/telegram-rig';
import { startEmulatedTelegram } from '../test/e2e/telegram-setup';
import { startTower } from '../test/e2e/tower-harness';

/** press → key typed, per prompt (ms), and prompts whose card or key never came. */
export interface TelegramRun {
  readonly samplesMs: readonly number[];
  readonly missed: number;
}

const OWNER = 4242;

/** Runs `prompts` Telegram-approved Bash calls of the real Claude Code. */
export async function measureTelegram(prompts: number): Promise<TelegramRun> {
  const socket = `tower-bench-tg-${process.pid}`;
  const tower = await startTower(socket, { escalation: FAST_LADDER, recordHistory: false });
  const bridge = await startEmulatedTelegram(tower, { socket });
  const { emulator } = bridge;
  const samplesMs: number[] = [];
  let missed = 0;
  try {
    const owner = await bridge.pair(OWNER);
    const markers = (cwd: string) =>
      Array.from({ length: prompts }, (_, n) => join(cwd, `tg-marker-${n + 1}`));
    const claude = await openScriptedClaude(tower, 'bench-telegram', 'create the marker files', (cwd) => [
      ...markers(cwd).map((m, n) => ({
        kind: 'bash' as const,
        command: `touch ${m}`,
        description: `Create marker ${n + 1}`,
        delayMs: 300,
      })),
      { kind: 'text', text: 'Done.' },
    ]);
    try {
      for (const marker of markers(claude.cwd)) {
        try {
          const card = await eventually(
            () =>
              emulator
                .botMessages(OWNER)
                .find((m) => m.text.includes(`touch ${marker}`) && m.buttons.length > 0),
            `the card for ${marker}`,
            90_000,
          );
          const before = typedVia(tower.auditPath, OWNER).length;
          const pressed = Date.now();
          await owner.press(card.buttons[0]?.callback_data ?? '', card.messageId);
          const typed = await eventually(() => {
            const all = typedVia(tower.auditPath, OWNER);
            return all.length > before && all;
          }, 'the key');
          await eventually(() => existsSync(marker), `${marker} created`, 30_000);
          samplesMs.push(Math.max(0, (typed.at(-1)?.at ?? pressed) - pressed));
        } catch {
          missed += 1;
        }
      }
    } finally {
      await claude.close();
    }
  } finally {
    await bridge.stop();
  }
  return { samplesMs, missed };
}
