/**
 * The environment variables the bridges read, kept for their restarts. Secrets leave the process
 * environment at start, because every agent Tower opens (and the tmux server it starts) inherits it.
 * A value the owner deletes in Settings also stops its variable from standing in for it: deleting a
 * leaked token must switch it off, not fall back to the copy Tower was launched with.
 */
import { TELEGRAM_TOKEN_SECRET } from '../chat/telegram/start-telegram-bridge';
import { PHONE_SECRETS, PHONE_SETTINGS } from '../phone/start-phone-bridge';

/** Settings name → the variable that stands in for it when Settings has no value. */
export const ENV_FALLBACKS: Readonly<Record<string, string>> = Object.fromEntries(
  [
    { name: TELEGRAM_TOKEN_SECRET, env: 'TOWER_TELEGRAM_TOKEN' },
    ...Object.values(PHONE_SECRETS),
    ...Object.values(PHONE_SETTINGS),
  ].map((e): [string, string] => [e.name, e.env]),
);

/** Variables holding secrets: taken out of the process environment. */
export const SECRET_VARIABLES: readonly string[] = [
  'TOWER_TELEGRAM_TOKEN',
  ...Object.values(PHONE_SECRETS).map((e) => e.env),
  'TOWER_PHONE_SUMMARY_API_KEY',
];

/** The bridges' own copy of the environment. */
export class BridgeEnv {
  private readonly kept: NodeJS.ProcessEnv;

  /** Copies `env`, then removes the secret variables from `env` itself. */
  constructor(env: NodeJS.ProcessEnv) {
    this.kept = { ...env };
    for (const variable of SECRET_VARIABLES) delete env[variable];
  }

  /** A fresh copy for one start (starters may delete what they read). */
  forStart(): NodeJS.ProcessEnv {
    return { ...this.kept };
  }

  /** The owner deleted `name` in Settings: its variable no longer stands in for it. */
  deletedInSettings(name: string): void {
    const variable = ENV_FALLBACKS[name];
    if (variable !== undefined) delete this.kept[variable];
  }
}
