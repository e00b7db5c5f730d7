/** Which terminal driver serves a session or a new terminal. */
import type { OpenAgentArgs } from '../contract/api';
import { TowerError } from '../contract/api';
import type { TerminalDriver } from './ports';

/** The driver of `provider`; a session whose provider has no driver cannot be acted on. */
export function driverFor(drivers: readonly TerminalDriver[], provider: string): TerminalDriver {
  const driver = drivers.find((d) => d.provider === provider);
  if (!driver) throw new TowerError('terminal-failed', `no driver for provider ${provider}`);
  return driver;
}

/** The driver a new terminal opens in: the one asked for, else tmux, else the first there is. */
export function driverToOpenIn(
  drivers: readonly TerminalDriver[],
  provider: OpenAgentArgs['provider'],
): TerminalDriver {
  if (provider) return driverFor(drivers, provider);
  const preferred = drivers.find((d) => d.provider === 'tmux') ?? drivers[0];
  if (!preferred) throw new TowerError('terminal-failed', 'no terminal provider is available');
  return preferred;
}
