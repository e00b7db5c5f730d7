/**
 * The popover's security settings (Electron checklist, security.md §3.1), as data and small handlers
 * that can be checked in plain Node.
 */
import type { BrowserWindowConstructorOptions, WebPreferences } from 'electron';

/** The app's own scheme and host: pages load from `app://tower/…`, never `file://`. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'tower';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/** CSP sent with every page of the app scheme; the page has no network access at all. */
export const APP_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'none'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** webPreferences for every window: isolated, sandboxed, no Node, nothing experimental. */
export function secureWebPreferences(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    // Middle-click would open links in new windows (electronegativity AUXCLICK_JS_CHECK).
    disableBlinkFeatures: 'Auxclick',
    navigateOnDragDrop: false,
    spellcheck: false,
    devTools: true,
  };
}

/** The popover: frameless, hidden until the tray is clicked, off the Dock and Mission Control. */
export function popoverWindowOptions(preloadPath: string): BrowserWindowConstructorOptions {
  return {
    width: 400,
    height: 600,
    show: false,
    frame: false,
    resizable: false,
    movable: false,
    minimizable: false,
    maximizable: false,
    fullscreenable: false,
    skipTaskbar: true,
    hiddenInMissionControl: true,
    alwaysOnTop: true,
    webPreferences: secureWebPreferences(preloadPath),
  };
}

/** The parts of webContents the guards attach to. */
export interface GuardableContents {
  on(
    event: 'will-navigate' | 'will-redirect',
    listener: (event: { preventDefault(): void }, url: string) => void,
  ): void;
  on(event: 'will-attach-webview', listener: (event: { preventDefault(): void }) => void): void;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
}

/** Blocks navigation, redirects, webviews and new windows for a webContents (checklist #11–#14). */
export function guardContents(contents: GuardableContents): void {
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

/** Permission requests (camera, notifications from the page, …): all denied; main does its own notifying. */
export function denyAllPermissions(
  _contents: unknown,
  _permission: string,
  callback: (granted: boolean) => void,
): void {
  callback(false);
}
