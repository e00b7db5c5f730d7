/**
 * The phone bridge in the headless root: the shared starter (adapters/phone/start-phone-bridge.ts,
 * which documents every setting) with transport's webhook listener plugged in.
 */
import { startPhoneBridge, type PhoneWiring, type RunningPhone } from '../adapters/phone/start-phone-bridge';
import { startPhoneWebhooks } from '../transport/phone-webhooks';

export {
  DEFAULT_PHONE_PORT,
  PHONE_SECRETS,
  phoneBackendOf,
  type RunningPhone,
} from '../adapters/phone/start-phone-bridge';

/** Starts the bridge when configured (null otherwise), serving webhooks with `startPhoneWebhooks`. */
export function startPhoneFromEnv(wiring: Omit<PhoneWiring, 'serve'>): Promise<RunningPhone | null> {
  return startPhoneBridge({ ...wiring, serve: startPhoneWebhooks });
}
