/**
 * Tray clicks toggle the popover. Clicking the icon while the popover is open first blurs (and so
 * hides) it, then delivers the click: without this guard the click would show it again at once.
 */

/** A blur-hide this recent counts as part of the same click. */
export const BLUR_CLICK_WINDOW_MS = 300;

/** What a tray click should do, given whether the popover is visible and when blur last hid it. */
export function trayClickAction(
  visible: boolean,
  hiddenByBlurAt: number | null,
  now: number,
): 'show' | 'hide' | 'none' {
  if (visible) return 'hide';
  if (hiddenByBlurAt !== null && now - hiddenByBlurAt < BLUR_CLICK_WINDOW_MS) return 'none';
  return 'show';
}
