/**
 * Launch at login (`app.setLoginItemSettings`, SMAppService on macOS 13+), behind a small port.
 */

/** The login-item settings as Electron reports them (macOS adds `status`). */
export interface LoginItemReading {
  readonly openAtLogin: boolean;
  readonly status?: string;
}

/** Electron's app login-item calls, reduced. */
export interface LoginItemPort {
  get(): LoginItemReading;
  set(settings: { openAtLogin: boolean }): void;
}

/** What the menu shows: checked or not, and what the owner must do, if anything. */
export interface LoginItemView {
  readonly enabled: boolean;
  readonly note: string | null;
}

/** Reads the current state as the menu shows it. */
export function loginItemView(reading: LoginItemReading): LoginItemView {
  if (reading.status === 'requires-approval') {
    return { enabled: false, note: 'Approve Tower in System Settings › General › Login Items' };
  }
  if (reading.status === 'not-found')
    return { enabled: false, note: 'Login item unavailable (unsigned build?)' };
  return { enabled: reading.openAtLogin || reading.status === 'enabled', note: null };
}

/** Turns launch-at-login on or off and reports what macOS now says (it can silently refuse unsigned apps). */
export function setLaunchAtLogin(port: LoginItemPort, enabled: boolean): LoginItemView {
  port.set({ openAtLogin: enabled });
  return loginItemView(port.get());
}
