/**
 * The Electron composition root: the tray, the popover, native approvals, launch at login, sleep
 * prevention, and the contract over IPC. Logic lives in the small pure modules next to this file;
 * this one only wires Electron to them.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  app,
  BrowserWindow,
  dialog,
  Menu,
  nativeImage,
  Notification,
  powerSaveBlocker,
  protocol,
  safeStorage,
  screen,
  session,
  Tray,
} from 'electron';
import type { MenuItemConstructorOptions } from 'electron';
import type { Snapshot } from '../contract/dto';
import { bindIpcMain } from '../transport/ipc-main-transport';
import { appHeaders, resolveAppFile } from './app-protocol';
import { ApprovalFlow } from './approval-flow';
import { loginItemView, setLaunchAtLogin } from './login-item';
import type { LoginItemPort } from './login-item';
import { popoverPosition } from './popover-position';
import { trayClickAction } from './popover-toggle';
import { PowerSaveController } from './power-save';
import { APP_ORIGIN, APP_SCHEME, denyAllPermissions, guardContents, popoverWindowOptions } from './security';
import { startSupervisor } from './supervisor-root';
import { trayIcon } from './tray-icon';
import { LIFT_LOCKDOWN_DIALOG, liftsLockdown, trayMenu } from './tray-menu';
import type { MenuEntry } from './tray-menu';
import { trayState } from './tray-state';
import type { TrayMood } from './tray-state';

const RENDERER_DIR = join(import.meta.dirname, '..', 'renderer');
const PRELOAD = join(import.meta.dirname, '..', 'preload', 'index.cjs');
// Packaged: Contents/Resources/native-scripts (extraResources, real files); dev: the repo's.
const NATIVE_SCRIPTS = app.isPackaged
  ? join(process.resourcesPath, 'native-scripts')
  : join(app.getAppPath(), 'native-scripts');
// electron-vite dev serves the renderer with hot reload; trusted only in an unpackaged app.
const DEV_URL = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined;

protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('web-contents-created', (_event, contents) => guardContents(contents));
  app
    .whenReady()
    .then(main)
    .catch((error: unknown) => {
      // Another Tower running, a broken audit log …: say why, in a box the owner sees, then quit.
      const why = error instanceof Error ? error.message : String(error);
      console.error('Tower could not start:', why);
      dialog.showErrorBox('Tower could not start', why);
      app.quit();
    });
}

async function main(): Promise<void> {
  app.dock?.hide();
  session.defaultSession.setPermissionRequestHandler(denyAllPermissions);
  protocol.handle(APP_SCHEME, async (request) => {
    const file = resolveAppFile(RENDERER_DIR, request.url);
    if (file === null) return new Response('not found', { status: 404 });
    try {
      return new Response(await readFile(file), { headers: appHeaders(file) });
    } catch {
      return new Response('not found', { status: 404 });
    }
  });

  const root = await startSupervisor({
    env: process.env,
    nativeScriptsDir: NATIVE_SCRIPTS,
    encryption: safeStorage,
    staticDir: RENDERER_DIR,
    warn: (line) => console.warn(line.trimEnd()),
  });
  const { supervisor } = root;
  console.log(`Tower is running. CLI: tower status · browser: ${root.url}`);
  const window = new BrowserWindow(popoverWindowOptions(PRELOAD));
  window.setVisibleOnAllWorkspaces(true, { skipTransformProcessType: true });
  let hiddenByBlurAt: number | null = null;
  window.on('blur', () => {
    if (window.webContents.isDevToolsOpened()) return;
    window.hide();
    hiddenByBlurAt = Date.now();
  });
  await window.loadURL(DEV_URL ?? `${APP_ORIGIN}/index.html`);

  const unbindIpc = bindIpcMain({
    backend: supervisor,
    trustedOrigins: DEV_URL === undefined ? [APP_ORIGIN] : [APP_ORIGIN, new URL(DEV_URL).origin],
    targets: () => [window.webContents],
  });

  const tray = new Tray(iconFor('calm'));
  tray.setIgnoreDoubleClickEvents(true);
  const showPopover = () => {
    const bounds = tray.getBounds();
    const display = screen.getDisplayMatching(bounds);
    const { x, y } = popoverPosition(bounds, window.getBounds(), display.workArea);
    window.setPosition(x, y, false);
    window.show();
    window.focus();
  };
  tray.on('click', () => {
    const action = trayClickAction(window.isVisible(), hiddenByBlurAt, Date.now());
    if (action === 'hide') window.hide();
    else if (action === 'show') showPopover();
  });

  const login: LoginItemPort = {
    get: () => app.getLoginItemSettings(),
    set: (settings) => app.setLoginItemSettings(settings),
  };
  const power = new PowerSaveController(powerSaveBlocker);
  const notifications = new Set<Notification>();
  const approvals = new ApprovalFlow({
    notify(spec, handlers) {
      if (!Notification.isSupported()) return () => undefined;
      const note = new Notification({ ...spec, actions: [...spec.actions] });
      // Events fire only while the object lives: keep it until it is closed.
      notifications.add(note);
      note.on('action', (_event, index) => handlers.onAction(index));
      note.on('click', () => handlers.onClick());
      note.on('close', () => notifications.delete(note));
      note.on('failed', () => notifications.delete(note));
      note.show();
      // The approval ended elsewhere: take the notification (and its buttons) away.
      return () => {
        note.close();
        notifications.delete(note);
      };
    },
    showDialog: async (spec) =>
      (await dialog.showMessageBox(window, { ...spec, buttons: [...spec.buttons] })).response,
    answer: (args) => supervisor.answerPrompt(args),
    showPopover,
    report: (message) => tray.setToolTip(message),
  });

  let last: Snapshot | null = null;
  const refreshMenu = () => {
    const entries = trayMenu({ lockdown: last?.lockdown ?? false, login: loginItemView(login.get()) });
    tray.setContextMenu(Menu.buildFromTemplate(entries.map(menuItem)));
  };
  const menuItem = (entry: MenuEntry): MenuItemConstructorOptions => {
    switch (entry.kind) {
      case 'separator':
        return { type: 'separator' };
      case 'note':
        return { label: entry.label, enabled: false };
      case 'action':
        return { label: entry.label, click: entry.id === 'open' ? showPopover : () => app.quit() };
      case 'toggle':
        return {
          label: entry.label,
          type: 'checkbox',
          checked: entry.checked,
          click: () => void toggle(entry.id),
        };
    }
  };
  const toggle = async (id: 'login' | 'lockdown') => {
    if (id === 'login') setLaunchAtLogin(login, !loginItemView(login.get()).enabled);
    else if (!(last?.lockdown ?? false)) await supervisor.lockdown({ engaged: true, channel: 'tray' });
    else {
      const { response } = await dialog.showMessageBox(window, {
        ...LIFT_LOCKDOWN_DIALOG,
        buttons: [...LIFT_LOCKDOWN_DIALOG.buttons],
      });
      if (liftsLockdown(response)) await supervisor.lockdown({ engaged: false, channel: 'tray' });
    }
    refreshMenu();
  };

  const onSnapshot = (snapshot: Snapshot) => {
    last = snapshot;
    const state = trayState(snapshot);
    tray.setImage(iconFor(state.mood));
    tray.setTitle(state.title);
    tray.setToolTip(state.tooltip);
    power.update(snapshot);
    approvals.update(snapshot);
    refreshMenu();
  };
  supervisor.on('snapshot', onSnapshot);
  onSnapshot(await supervisor.getSnapshot());

  app.on('second-instance', showPopover);
  app.on('window-all-closed', () => undefined);
  let stopped = false;
  app.on('before-quit', (event) => {
    if (stopped) return;
    // Finish first: the runtime file is removed and the audit log closed before the process ends.
    event.preventDefault();
    power.release();
    unbindIpc();
    void root.stop().finally(() => {
      stopped = true;
      app.quit();
    });
  });
}

function iconFor(mood: TrayMood): Electron.NativeImage {
  const icon = trayIcon(mood, 2);
  const image = nativeImage.createFromBitmap(Buffer.from(icon.pixels), {
    width: icon.width,
    height: icon.height,
    scaleFactor: icon.scaleFactor,
  });
  image.setTemplateImage(icon.template);
  return image;
}
