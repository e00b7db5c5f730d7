/**
 * The provider chain: which terminal providers Tower uses on this machine, in order, and why each
 * one is not used. iTerm2 Python helper → iTerm2 AppleScript → Terminal.app → Tower's own node-pty
 * terminals; tmux wherever a tmux server runs. Pure: facts in, plan out.
 */
import type { ProviderId } from '../../../contract/dto';

/** What was found out about this machine. `null` = could not tell. */
export interface ProviderFacts {
  readonly platform: NodeJS.Platform;
  readonly iterm2Running: boolean | null;
  /** iTerm2's own python3 with the `iterm2` package, if found. */
  readonly iterm2Python: string | null;
  /** `defaults read com.googlecode.iterm2 EnableAPIServer`. */
  readonly iterm2ApiEnabled: boolean | null;
  readonly terminalAppRunning: boolean | null;
  readonly ptyAvailable: boolean;
  readonly ptyReason?: string | null;
  readonly tmuxServerRunning: boolean;
}

/** One link of the chain. */
export interface ChainLink {
  readonly id: 'iterm2-python' | 'iterm2-applescript' | 'terminal-app' | 'pty' | 'tmux';
  readonly provider: ProviderId;
  /** primary: used now; fallback: used if the link before it fails; off: not used, see reason. */
  readonly role: 'primary' | 'fallback' | 'off';
  readonly reason: string | null;
}

/** Builds the ordered chain with a reason for every link that is not primary. */
export function planProviders(f: ProviderFacts): ChainLink[] {
  const mac = f.platform === 'darwin';
  const notMac = 'macOS only';
  const iterm2Down = f.iterm2Running === false ? 'iTerm2 is not running' : null;
  let pythonReason: string | null = null;
  if (!mac) pythonReason = notMac;
  else if (iterm2Down) pythonReason = iterm2Down;
  else if (f.iterm2Python === null)
    pythonReason = 'no iTerm2 Python runtime (iTerm2 › Scripts › Manage › Install Python Runtime)';
  else if (f.iterm2ApiEnabled === false)
    pythonReason = 'the iTerm2 Python API is off (iTerm2 › Settings › General › Magic › Enable Python API)';
  const python: ChainLink = {
    id: 'iterm2-python',
    provider: 'iterm2',
    role: pythonReason ? 'off' : 'primary',
    reason: pythonReason,
  };
  const appleScriptReason = !mac ? notMac : iterm2Down;
  const iterm2AppleScript: ChainLink = {
    id: 'iterm2-applescript',
    provider: 'iterm2',
    role: appleScriptReason ? 'off' : python.role === 'primary' ? 'fallback' : 'primary',
    reason:
      appleScriptReason ?? (python.role === 'primary' ? 'standby: used if the Python helper stops' : null),
  };
  const terminalReason = !mac
    ? notMac
    : f.terminalAppRunning === false
      ? 'Terminal.app is not running'
      : null;
  return [
    python,
    iterm2AppleScript,
    {
      id: 'terminal-app',
      provider: 'terminal-app',
      role: terminalReason ? 'off' : 'primary',
      reason: terminalReason,
    },
    {
      id: 'pty',
      provider: 'pty',
      role: f.ptyAvailable ? 'primary' : 'off',
      reason: f.ptyAvailable ? null : (f.ptyReason ?? 'node-pty could not load'),
    },
    {
      id: 'tmux',
      provider: 'tmux',
      role: f.tmuxServerRunning ? 'primary' : 'off',
      reason: f.tmuxServerRunning ? null : 'no tmux server is running',
    },
  ];
}
