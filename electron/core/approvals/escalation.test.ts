import { describe, expect, it } from 'vitest';
import { escalationSchema } from '../../contract/policy';
import { DEFAULT_ESCALATION, escalationFromDocument, ladder, type EscalationConfig } from './escalation';

const utcMinute = (ms: number) => Math.floor(ms / 60_000) % 1_440;
const at = (hh: number, mm: number) => Date.UTC(2026, 10, 22, hh, mm);
const channels = (steps: ReturnType<typeof ladder>) => steps.map((s) => s.channel);

describe('escalation ladder', () => {
  it('defaults: tray at once, dialog 30 s, Telegram 2 min, phone 10 min after Telegram', () => {
    const t0 = at(12, 0);
    expect(ladder(t0, DEFAULT_ESCALATION, utcMinute)).toEqual([
      { channel: 'tray', at: t0 },
      { channel: 'dialog', at: t0 + 30_000 },
      { channel: 'telegram', at: t0 + 120_000 },
      { channel: 'phone', at: t0 + 720_000 },
    ]);
  });

  it('leaves out steps set to null; the phone then counts from the approval', () => {
    const config: EscalationConfig = { ...DEFAULT_ESCALATION, dialogAfterMs: null, telegramAfterMs: null };
    expect(ladder(at(12, 0), config, utcMinute)).toEqual([
      { channel: 'tray', at: at(12, 0) },
      { channel: 'phone', at: at(12, 10) },
    ]);
  });

  it('quiet hours hold the phone until they end (across midnight); other steps go on', () => {
    const config: EscalationConfig = {
      ...DEFAULT_ESCALATION,
      quietHours: { fromMinute: 22 * 60, toMinute: 7 * 60 },
    };
    const steps = ladder(at(23, 30), config, utcMinute);
    expect(channels(steps)).toEqual(['tray', 'dialog', 'telegram', 'phone']);
    expect(steps.find((s) => s.channel === 'telegram')?.at).toBe(at(23, 32));
    expect(steps.find((s) => s.channel === 'phone')?.at).toBe(Date.UTC(2026, 10, 23, 7, 0));
    // Outside the window nothing moves.
    expect(ladder(at(12, 0), config, utcMinute)).toEqual(ladder(at(12, 0), DEFAULT_ESCALATION, utcMinute));
  });

  it('reads the escalation section of policy.yaml and explains bad values', () => {
    const doc = escalationSchema.parse({ telegram_after: 60, quiet_hours: '22:00-07:00' });
    expect(escalationFromDocument(doc)).toEqual({
      ...DEFAULT_ESCALATION,
      telegramAfterMs: 60_000,
      quietHours: { fromMinute: 1_320, toMinute: 420 },
    });
    const bad = escalationSchema.safeParse({ quiet_hours: '25:00-7', phone_after: -1, ring: true });
    expect(bad.success).toBe(false);
    const messages = bad.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`) ?? [];
    expect(messages.join('\n')).toContain(
      'quiet_hours: write quiet hours as "HH:MM-HH:MM" (24 h, local time)',
    );
    expect(messages.some((m) => m.startsWith('phone_after:'))).toBe(true);
    expect(messages.some((m) => m.includes('ring'))).toBe(true);
  });
});
