/**
 * The preload (sandboxed, bundled to one CommonJS file): exposes the contract bridge as `window.tower`
 * through contextBridge, and nothing else.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { buildBridge } from './bridge';

contextBridge.exposeInMainWorld(
  'tower',
  buildBridge({
    invoke: (channel, args) => ipcRenderer.invoke(channel, args),
    subscribe(channel, listener) {
      const handler = (_event: unknown, payload: unknown) => listener(payload);
      ipcRenderer.on(channel, handler);
      return () => {
        ipcRenderer.removeListener(channel, handler);
      };
    },
  }),
);
