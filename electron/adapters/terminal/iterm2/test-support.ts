/**
 * Starts the real helper under plain python3 with the stand-in `iterm2` module
 * (`native-scripts/iterm2/testing/`), for the Linux tests.
 */
import { join } from 'node:path';
import { HelperClient } from './helper-client';

const NATIVE = join(import.meta.dirname, '../../../../native-scripts/iterm2');

/** The helper script shipped with Tower. */
export const HELPER_PATH = join(NATIVE, 'tower_iterm2_helper.py');

/** Launch options for the helper against the stand-in, configured by `fake` (see its docstring). */
export function standInLaunch(fake: unknown, withModule = true) {
  return {
    python: 'python3',
    helperPath: HELPER_PATH,
    env: {
      TOWER_FAKE_ITERM2: JSON.stringify(fake),
      PYTHONDONTWRITEBYTECODE: '1',
      ...(withModule ? { PYTHONPATH: join(NATIVE, 'testing') } : {}),
    },
    requestTimeoutMs: 5_000,
    readyTimeoutMs: 10_000,
  };
}

/** Starts the helper against the stand-in. */
export function startStandIn(fake: unknown): Promise<HelperClient> {
  return HelperClient.start(standInLaunch(fake));
}
