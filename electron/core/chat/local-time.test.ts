import { describe, expect, it } from 'vitest';
import { clockTime, localDay, nextLocalTime, parseClockTime } from './local-time';

const utc = (d: number, h: number, m = 0) => Date.UTC(2026, 2, d, h, m);

describe('local time', () => {
  it("finds the next 08:00 at the owner's place, today or tomorrow", () => {
    const plusOne = () => 60;
    expect(nextLocalTime(utc(10, 6, 0), 8, 0, plusOne)).toBe(utc(10, 7, 0));
    expect(nextLocalTime(utc(10, 7, 0), 8, 0, plusOne)).toBe(utc(11, 7, 0));
    expect(nextLocalTime(utc(10, 23, 30), 0, 15, plusOne)).toBe(utc(11, 23, 15));
  });

  it('follows a daylight-saving change overnight (Berlin, 29 March 2026)', () => {
    const berlin = (at: number) => (at >= utc(29, 1) ? 120 : 60);
    expect(nextLocalTime(utc(28, 20), 8, 0, berlin)).toBe(utc(29, 6, 0));
    expect(clockTime(utc(29, 6, 0), berlin)).toBe('08:00');
    expect(localDay(utc(28, 23, 30), berlin)).toBe('2026-03-29');
  });

  it('parses HH:MM and nothing else', () => {
    expect(parseClockTime('08:00')).toEqual({ hour: 8, minute: 0 });
    expect(parseClockTime('7:05')).toEqual({ hour: 7, minute: 5 });
    for (const bad of ['24:00', '8', '08:60', 'off', '08:00; rm']) expect(parseClockTime(bad)).toBeNull();
  });
});
