import { describe, expect, it } from 'vitest';
import { appHeaders, resolveAppFile } from './app-protocol';
import { APP_CSP, denyAllPermissions, guardContents, popoverWindowOptions } from './security';

describe('window security', () => {
  it('isolates, sandboxes and denies Node to the popover', () => {
    const prefs = popoverWindowOptions('/app/preload.cjs').webPreferences ?? {};
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      disableBlinkFeatures: 'Auxclick',
    });
    expect(prefs).not.toHaveProperty('enableBlinkFeatures');
  });

  it('blocks navigation, redirects, webviews and new windows', () => {
    const listeners = new Map<string, (e: { preventDefault(): void }, url?: string) => void>();
    const captured: { open?: (d: { url: string }) => { action: string } } = {};
    guardContents({
      on: (event: string, listener: (e: { preventDefault(): void }, url?: string) => void) =>
        listeners.set(event, listener),
      setWindowOpenHandler: (handler) => (captured.open = handler),
    } as Parameters<typeof guardContents>[0]);
    for (const event of ['will-navigate', 'will-redirect', 'will-attach-webview']) {
      let prevented = false;
      listeners.get(event)?.(
        { preventDefault: () => (prevented = true) },
        'https://example.com.attacker.com',
      );
      expect(prevented, event).toBe(true);
    }
    expect(captured.open?.({ url: 'javascript:alert(1)' })).toEqual({ action: 'deny' });
    let granted: boolean | null = null;
    denyAllPermissions(null, 'notifications', (g) => (granted = g));
    expect(granted).toBe(false);
  });

  it('has a CSP with no inline script and no network', () => {
    expect(APP_CSP).toContain("default-src 'none'");
    expect(APP_CSP).toContain("script-src 'self'");
    expect(APP_CSP).toContain("connect-src 'none'");
    expect(APP_CSP).not.toContain('unsafe');
  });
});

describe('app:// protocol', () => {
  it('serves files inside the renderer directory only', () => {
    expect(resolveAppFile('/r', 'app://tower/')).toBe('/r/index.html');
    expect(resolveAppFile('/r', 'app://tower/assets/index.js')).toBe('/r/assets/index.js');
    // The URL parser folds dot segments, so these stay inside the root.
    expect(resolveAppFile('/r', 'app://tower/../etc/passwd')).toBe('/r/etc/passwd');
    expect(resolveAppFile('/r', 'app://tower/%2e%2e/%2e%2e/etc/passwd')).toBe('/r/etc/passwd');
    for (const bad of [
      'app://tower/..%2fsecret',
      'app://tower/a%2f..%2f..%2fsecret',
      'app://tower/.env',
      'app://other/index.html',
      'file:///r/index.html',
      'app://tower/a%00b',
    ]) {
      expect(resolveAppFile('/r', bad), bad).toBeNull();
    }
    expect(appHeaders('/r/index.html')).toMatchObject({ 'Content-Security-Policy': APP_CSP });
  });
});
