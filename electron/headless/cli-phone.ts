/**
 * `tower phone provision [--label NAME] [--force]`: makes the TOTP seed the phone line asks codes
 * for, stores it in the secrets store (headless: 0600 `$TOWER_HOME/secrets.json`, name `totp.seed`)
 * and shows its otpauth:// URI exactly once, for an authenticator app (paste it, or turn it into a
 * QR code locally). Offline: no running Tower needed; a running one uses the new seed after a restart.
 */
import { join } from 'node:path';
import { provisionTotp } from '../adapters/phone/otplib-totp';
import { FileSecretStore } from '../adapters/secrets/file-secret-store';
import type { SecretStore } from '../core/ports';
import type { CliIo } from './cli';
import { PHONE_SECRETS } from './phone-wiring';
import { towerHome } from './runtime-file';

const USAGE = `usage: tower phone provision [--label NAME] [--force]
  Creates the TOTP seed for phone calls, stores it, and prints its otpauth:// URI once.
  --force replaces an existing seed (codes from the old one stop working).
  (tower phone unlock lifts a lockout after wrong codes; it needs the running Tower.)`;

/** Runs `tower phone …`; resolves with the exit code. `secrets` is for tests. */
export async function runPhoneCli(
  args: readonly string[],
  io: CliIo,
  secrets?: SecretStore,
): Promise<number> {
  const [sub, ...rest] = args;
  let label = 'phone';
  let force = false;
  let bad = sub !== 'provision';
  for (let i = 0; i < rest.length; i += 1) {
    const arg = rest[i];
    const next = rest[i + 1] ?? '';
    if (arg === '--force') force = true;
    else if (arg === '--label' && /^[\w .@-]{1,40}$/.test(next)) label = rest[++i] ?? label;
    else bad = true;
  }
  if (bad) {
    io.stderr(`${USAGE}\n`);
    return 2;
  }
  try {
    const store = secrets ?? new FileSecretStore(join(towerHome(io.env), 'secrets.json'));
    const name = PHONE_SECRETS.totpSecret.name;
    if (!force && (await store.get(name)) !== null) {
      io.stderr(
        `tower: a TOTP seed is already set; run with --force to replace it (old codes stop working)\n`,
      );
      return 1;
    }
    const { secret, uri } = provisionTotp(label);
    await store.set(name, secret);
    io.stdout(
      `Add this to your authenticator app now; it is not shown again:\n\n  ${uri}\n\n` +
        `The seed is stored as "${name}". Restart Tower to use it, then call your Twilio number and key the 6-digit code.\n`,
    );
    return 0;
  } catch (error) {
    io.stderr(`tower: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}
