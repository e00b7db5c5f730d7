/**
 * Starts the phone bridge for either composition root (headless, Electron), only when configured.
 * The webhook listener is passed in (`serve`: transport's `startPhoneWebhooks`), since adapters do
 * not know transports.
 *
 * Secrets (Twilio account SID and auth token, the TOTP seed) come from the SecretStore (names below;
 * Electron: the Keychain; headless: the 0600 `$TOWER_HOME/secrets.json`; set in Settings or by
 * `tower phone provision`), else from environment variables for scripted setups. The variables are
 * deleted from the environment once read, so agents Tower starts never inherit them. Secrets and
 * codes are never printed or audited.
 *
 * Settings (the phone URL and numbers from Settings first, as the Mac app has no environment):
 * TOWER_PHONE_PUBLIC_URL (the tunnel's https base; required), TOWER_PHONE_PORT (the
 * loopback port the tunnel points at; default 7734), TOWER_PHONE_ALLOWED_CALLERS (comma-separated
 * E.164 numbers; optional), TOWER_PHONE_LOCKOUT_MINUTES (default 15),
 * TOWER_PHONE_MIN_CALL_GAP_SECONDS (least time between outbound calls; default 60), and for outbound calls
 * TOWER_TWILIO_FROM (your Twilio number), TOWER_PHONE_OWNER (your phone), TOWER_TWILIO_API_BASE
 * (a stand-in of Twilio's REST API, for tests). Optional LLM sitrep: TOWER_PHONE_SUMMARY_API_KEY (an
 * Anthropic key, removed from the environment once read), TOWER_PHONE_SUMMARY_MODEL,
 * TOWER_PHONE_SUMMARY_BASE_URL; without them the spoken status is the deterministic template.
 */
import { join } from 'node:path';
import type { BridgeView } from '../../contract/dto';
import { PhoneBridge } from '../../core/phone/phone-bridge';
import type { PhoneBackend, PhoneReply, PhoneRequest, PhoneResponse } from '../../core/phone/ports';
import type { AuditSink, Clock, SecretStore, Store } from '../../core/ports';
import { nodeRandom } from '../chat/node-random';
import { FileSecretStore } from '../secrets/file-secret-store';
import { redactText } from '../storage/redact';
import { AnthropicSummaryWriter } from './anthropic-summary';
import { OtplibTotpVerifier } from './otplib-totp';
import { renderTwiml } from './twiml';
import { TwilioCallPlacer } from './twilio-calls';
import { TwilioSignatureCheck } from './twilio-signature';

/** The webhook listener (transport/phone-webhooks.ts `startPhoneWebhooks`), injected by the root. */
export type ServePhoneWebhooks = (options: {
  readonly handle: (req: PhoneRequest) => Promise<PhoneResponse>;
  readonly render: (reply: PhoneReply) => string;
  readonly publicBaseUrl: string;
  readonly port: number;
  readonly onError?: (error: unknown) => void;
}) => Promise<{ readonly url: string; close(): Promise<void> }>;

/** Secret names in the SecretStore, and the environment variables that stand in for them. */
export const PHONE_SECRETS = {
  accountSid: { name: 'twilio.accountSid', env: 'TOWER_TWILIO_ACCOUNT_SID' },
  authToken: { name: 'twilio.authToken', env: 'TOWER_TWILIO_AUTH_TOKEN' },
  totpSecret: { name: 'totp.seed', env: 'TOWER_PHONE_TOTP_SECRET' },
} as const;

/** Phone settings that are not secret, kept beside the secrets (Settings) with an environment fallback. */
export const PHONE_SETTINGS = {
  publicUrl: { name: 'phone.publicUrl', env: 'TOWER_PHONE_PUBLIC_URL' },
  from: { name: 'twilio.from', env: 'TOWER_TWILIO_FROM' },
  owner: { name: 'phone.owner', env: 'TOWER_PHONE_OWNER' },
} as const;

export const DEFAULT_PHONE_PORT = 7734;

/** Every name the phone bridge reads from the secret store: a change to one restarts it. */
export const PHONE_SETTING_NAMES: readonly string[] = [
  ...Object.values(PHONE_SECRETS),
  ...Object.values(PHONE_SETTINGS),
].map((entry) => entry.name);

/** What the bridge is wired to. */
export interface PhoneWiring {
  readonly env: NodeJS.ProcessEnv;
  /** Serves the webhooks on 127.0.0.1. */
  readonly serve: ServePhoneWebhooks;
  /** Where secrets live; default the headless file store under `home`. */
  readonly secrets?: SecretStore | undefined;
  /** Tower's state directory (secrets.json). */
  readonly home?: string | undefined;
  readonly backend: PhoneBackend;
  readonly audit: AuditSink;
  readonly store: Store;
  readonly clock: Clock;
  readonly report: (view: BridgeView) => void;
  readonly print: (line: string) => void;
}

/** A running phone bridge. */
export interface RunningPhone {
  readonly bridge: PhoneBridge;
  /** The loopback URL the tunnel must forward to. */
  readonly localUrl: string;
  stop(): Promise<void>;
}

/** Starts the bridge when configured; null (and a bridge view saying why) otherwise. */
export async function startPhoneBridge(wiring: PhoneWiring): Promise<RunningPhone | null> {
  const { env } = wiring;
  const store =
    wiring.secrets ?? (wiring.home ? new FileSecretStore(join(wiring.home, 'secrets.json')) : null);
  const secret = async (which: keyof typeof PHONE_SECRETS) => {
    const { name, env: variable } = PHONE_SECRETS[which];
    const stored = (await store?.get(name)) ?? null;
    const fromEnv = env[variable]?.trim() || null;
    delete env[variable];
    return stored ?? fromEnv;
  };
  const [accountSid, authToken, totpSecret] = [
    await secret('accountSid'),
    await secret('authToken'),
    await secret('totpSecret'),
  ];
  const setting = async (which: keyof typeof PHONE_SETTINGS) => {
    const { name, env: variable } = PHONE_SETTINGS[which];
    return (await store?.get(name))?.trim() || env[variable]?.trim() || null;
  };
  const publicUrl = (await setting('publicUrl'))?.replace(/\/+$/, '') || null;
  if (publicUrl === null && authToken === null && totpSecret === null) {
    // Said on every UI, like Telegram's "no bot token set": the bridge may have been up until now.
    const reason = 'not set up (Settings: phone webhook URL, Twilio auth token, phone PIN)';
    wiring.report({ id: 'phone', state: 'off', detail: null, reason, lastActivityAt: null });
    return null;
  }
  const missing = [
    publicUrl === null ? 'the phone webhook URL (Settings, or TOWER_PHONE_PUBLIC_URL)' : null,
    authToken === null ? 'the Twilio auth token' : null,
    totpSecret === null ? 'the TOTP secret (tower phone provision)' : null,
  ].filter((m): m is string => m !== null);
  if (missing.length > 0 || publicUrl === null || authToken === null || totpSecret === null) {
    const reason = `Phone bridge not configured: missing ${missing.join(', ')}.`;
    wiring.report({ id: 'phone', state: 'off', detail: null, reason, lastActivityAt: null });
    wiring.print(`${reason}\n`);
    return null;
  }
  const owner = e164(await setting('owner'), 'your phone number');
  const from = e164(await setting('from'), 'the Twilio number');
  const calls =
    accountSid && owner && from
      ? new TwilioCallPlacer({
          accountSid,
          authToken,
          apiBaseUrl: env.TOWER_TWILIO_API_BASE?.trim() || undefined,
        })
      : null;
  const allowed = (env.TOWER_PHONE_ALLOWED_CALLERS ?? '')
    .split(',')
    .map((n) => n.trim())
    .filter((n) => n !== '');
  const summaryKey = env.TOWER_PHONE_SUMMARY_API_KEY?.trim() || null;
  delete env.TOWER_PHONE_SUMMARY_API_KEY;
  const writer = summaryKey
    ? new AnthropicSummaryWriter({
        apiKey: summaryKey,
        baseUrl: env.TOWER_PHONE_SUMMARY_BASE_URL?.trim() || undefined,
        model: env.TOWER_PHONE_SUMMARY_MODEL?.trim() || undefined,
      })
    : null;
  const lockoutMinutes = positive(env.TOWER_PHONE_LOCKOUT_MINUTES, 15, 'TOWER_PHONE_LOCKOUT_MINUTES');
  const bridge = new PhoneBridge({
    config: {
      publicBaseUrl: publicUrl,
      ownerNumber: owner,
      fromNumber: from,
      allowedCallers: allowed.length > 0 ? allowed : null,
      totp: { lockoutMs: lockoutMinutes * 60_000 },
      minCallGapMs:
        positive(env.TOWER_PHONE_MIN_CALL_GAP_SECONDS, 60, 'TOWER_PHONE_MIN_CALL_GAP_SECONDS') * 1000,
    },
    backend: wiring.backend,
    clock: wiring.clock,
    audit: wiring.audit,
    store: wiring.store,
    random: nodeRandom,
    totp: new OtplibTotpVerifier(totpSecret),
    signature: new TwilioSignatureCheck(authToken),
    calls,
    ...(writer ? { writer } : {}),
    redact: redactText,
    report: wiring.report,
  });
  const port = env.TOWER_PHONE_PORT === undefined ? DEFAULT_PHONE_PORT : Number(env.TOWER_PHONE_PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    throw new Error(`TOWER_PHONE_PORT "${env.TOWER_PHONE_PORT}" is not a port`);
  const down = (error: unknown): never => {
    const reason = `Phone bridge not started: ${error instanceof Error ? error.message : String(error)}`;
    wiring.report({ id: 'phone', state: 'down', detail: null, reason, lastActivityAt: null });
    throw error;
  };
  // The listener first, so Twilio can reach a call Tower places as soon as the bridge starts.
  const server = await wiring
    .serve({
      handle: (req) => bridge.handle(req),
      render: (reply) => renderTwiml(reply),
      publicBaseUrl: publicUrl,
      port,
      onError: (error) =>
        wiring.print(`Phone webhook failed: ${error instanceof Error ? error.message : String(error)}\n`),
    })
    .catch(down);
  await bridge.start().catch(async (error: unknown) => {
    // Half started is not started: it may already follow snapshots and could ring the owner.
    await bridge.stop();
    await server.close();
    down(error);
  });
  wiring.print(
    `Phone bridge: Twilio voice URL ${publicUrl}/voice/answer (tunnel → ${server.url})` +
      `${calls ? '; calls the owner when an approval escalates to the phone' : ''}.\n`,
  );
  return {
    bridge,
    localUrl: server.url,
    stop: async () => {
      await bridge.stop(); // waits for the requests in progress
      await server.close();
    },
  };
}

/** The Supervisor seen as the phone's backend; pausing needs the agent pool, when Tower has one. */
export function phoneBackendOf(
  api: Omit<PhoneBackend, 'pausePool'> & {
    configurePool?: (args: { readonly paused: boolean }) => Promise<unknown>;
  },
): PhoneBackend {
  const configurePool = api.configurePool?.bind(api);
  return {
    getSnapshot: () => api.getSnapshot(),
    answerPrompt: (args) => api.answerPrompt(args),
    sendText: (args) => api.sendText(args),
    lockdown: (args) => api.lockdown(args),
    on: (event, listener) => api.on(event, listener),
    ...(configurePool
      ? {
          pausePool: async () => {
            await configurePool({ paused: true });
          },
        }
      : {}),
  };
}

/** A positive number from a variable, or the default; anything else is an error naming the variable. */
function positive(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value.trim() === '') return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number`);
  return n;
}

/** A phone number as Twilio wants it (E.164), or a clear error naming the setting. */
function e164(value: string | null, what: string): string | null {
  if (value === null) return null;
  const compact = value.replace(/[\s().-]/gu, '');
  if (!/^\+[1-9]\d{6,14}$/u.test(compact))
    throw new Error(`${what} "${value}" is not a +E.164 number (e.g. +15551234567)`);
  return compact;
}
