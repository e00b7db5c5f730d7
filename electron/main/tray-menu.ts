/**
 * The tray's right-click menu as plain data; index.ts turns it into an Electron Menu.
 */
import type { LoginItemView } from './login-item';

/** One menu entry. */
export type MenuEntry =
  | { readonly kind: 'action'; readonly id: 'open' | 'quit'; readonly label: string }
  | {
      readonly kind: 'toggle';
      readonly id: 'login' | 'lockdown';
      readonly label: string;
      readonly checked: boolean;
    }
  | { readonly kind: 'note'; readonly label: string }
  | { readonly kind: 'separator' };

/** The menu for the current state. */
export function trayMenu(state: { readonly lockdown: boolean; readonly login: LoginItemView }): MenuEntry[] {
  const entries: MenuEntry[] = [
    { kind: 'action', id: 'open', label: 'Open Tower' },
    { kind: 'separator' },
    { kind: 'toggle', id: 'lockdown', label: 'LOCKDOWN', checked: state.lockdown },
    { kind: 'toggle', id: 'login', label: 'Launch at login', checked: state.login.enabled },
  ];
  if (state.login.note !== null) entries.push({ kind: 'note', label: state.login.note });
  entries.push({ kind: 'separator' }, { kind: 'action', id: 'quit', label: 'Quit Tower' });
  return entries;
}

/** The confirmation shown before lifting LOCKDOWN from the menu; "Keep" is the default and cancel. */
export const LIFT_LOCKDOWN_DIALOG = {
  type: 'warning',
  title: 'Tower',
  message: 'Lift LOCKDOWN?',
  detail: 'Tower will type into terminals again when you or a policy answer.',
  buttons: ['Keep LOCKDOWN', 'Lift LOCKDOWN'],
  defaultId: 0,
  cancelId: 0,
  noLink: true,
} as const;

/** Whether the owner chose to lift LOCKDOWN in that dialog. */
export function liftsLockdown(response: number): boolean {
  return response === 1;
}
