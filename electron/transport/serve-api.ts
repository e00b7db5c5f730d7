/**
 * Starts the local API server and publishes it for the CLI: the one call the headless root needs.
 *
 * `stop()` removes the runtime file first (so the CLI stops finding a server that is going away), then
 * closes the server. Safe to call twice.
 */
import { startApiServer } from './ws-server-transport';
import type { ApiServer, ApiServerOptions } from './ws-server-transport';
import { removeRuntimeFile, writeRuntimeFile } from './runtime-file';
import type { RuntimeEnv } from './runtime-file';

/** Server options plus where to publish (the environment's TOWER_HOME). */
export interface ServeApiOptions extends ApiServerOptions {
  readonly env?: RuntimeEnv;
}

/** A published, running API. */
export interface ServedApi {
  readonly server: ApiServer;
  /** Path of the runtime file written. */
  readonly runtimeFile: string;
  stop(): Promise<void>;
}

/** Starts the server on 127.0.0.1 and writes the runtime file (0600) pointing at it. */
export async function serveApi(options: ServeApiOptions): Promise<ServedApi> {
  const env = options.env ?? process.env;
  const server = await startApiServer(options);
  let runtimeFile: string;
  try {
    runtimeFile = await writeRuntimeFile(
      { url: server.url, port: server.port, token: server.token, pid: process.pid },
      env,
    );
  } catch (error) {
    await server.close();
    throw error;
  }
  let stopping: Promise<void> | null = null;
  return {
    server,
    runtimeFile,
    stop: () => {
      stopping ??= removeRuntimeFile(process.pid, env).finally(() => server.close());
      return stopping;
    },
  };
}
