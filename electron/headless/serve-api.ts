/** Moved to electron/transport/serve-api.ts (the Electron root serves the API too). */
export * from '../transport/serve-api';
