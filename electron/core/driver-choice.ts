/** Which terminal driver serves a session or a new terminal, and bringing one to the front. */
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

/** Brings a terminal to the front; a provider without windows (pty) says so. */
export async function focusTerminal(driver: TerminalDriver, terminalId: string): Promise<void> {
  if (!driver.focus)
    throw new TowerError('not-allowed', `${driver.provider} terminals have no window to bring forward`);
  try {
    await driver.focus(terminalId);
  } catch (error) {
    throw new TowerError('terminal-failed', error instanceof Error ? error.message : String(error));
  }
}
