/**
 * The menu-bar icon drawn in code (no binary assets): a small tower glyph, plus a coloured dot for the
 * worst state. Calm and working icons are template images (black + alpha, macOS tints them); the others
 * carry colour, so their glyph is mid-grey to stay visible on light and dark menu bars.
 */
import type { TrayMood } from './tray-state';

/** A raw BGRA bitmap (what `nativeImage.createFromBitmap` takes on macOS). */
export interface IconBitmap {
  readonly width: number;
  readonly height: number;
  readonly scaleFactor: number;
  readonly template: boolean;
  readonly pixels: Uint8Array;
}

const DOT: Partial<Record<TrayMood, readonly [number, number, number]>> = {
  attention: [0xff, 0x9f, 0x0a],
  error: [0xff, 0x3b, 0x30],
  lockdown: [0xaf, 0x52, 0xde],
};

// The glyph on a 16-point grid: beacon, shaft, base.
function inGlyph(x: number, y: number): boolean {
  if (y >= 1 && y < 3) return x >= 7 && x < 9;
  if (y >= 3 && y < 13) return x >= 6 && x < 10;
  if (y >= 13 && y < 15) return x >= 3 && x < 13;
  return false;
}

/** Draws the icon for a mood at a scale (1 = 16×16 points, 2 = 32×32 pixels for Retina). */
export function trayIcon(mood: TrayMood, scaleFactor: 1 | 2 = 2): IconBitmap {
  const size = 16 * scaleFactor;
  const pixels = new Uint8Array(size * size * 4);
  const dot = DOT[mood];
  const template = dot === undefined;
  const grey = template ? 0 : 0x80;
  for (let py = 0; py < size; py += 1) {
    for (let px = 0; px < size; px += 1) {
      const x = px / scaleFactor;
      const y = py / scaleFactor;
      const i = (py * size + px) * 4;
      const inDot = dot !== undefined && (x - 12.5) ** 2 + (y - 12.5) ** 2 <= 3.2 ** 2;
      if (inDot) {
        pixels.set([dot[2], dot[1], dot[0], 0xff], i);
      } else if (inGlyph(Math.floor(x), Math.floor(y))) {
        pixels.set([grey, grey, grey, 0xff], i);
      }
    }
  }
  return { width: size, height: size, scaleFactor, template, pixels };
}
