/**
 * Where the popover goes: centred under the tray icon, kept inside the display's work area.
 */

/** A rectangle in screen points. */
export interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** The window's top-left corner for a tray icon's bounds, a window size and the display's work area. */
export function popoverPosition(
  tray: Box,
  size: { readonly width: number; readonly height: number },
  workArea: Box,
): { x: number; y: number } {
  const centred = Math.round(tray.x + tray.width / 2 - size.width / 2);
  const maxX = workArea.x + workArea.width - size.width;
  const x = Math.max(workArea.x, Math.min(centred, maxX));
  // macOS menu bar is at the top; the work area starts just under it.
  const below = tray.y + tray.height;
  const y = Math.max(workArea.y, Math.min(below, workArea.y + workArea.height - size.height));
  return { x, y };
}
