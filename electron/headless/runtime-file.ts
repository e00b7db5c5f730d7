/** Moved to electron/transport/runtime-file.ts (the Electron root publishes it too). */
export * from '../transport/runtime-file';
