/**
 * Outbound calls through Twilio's REST API (`Calls.create`) with the official client. The API base
 * URL is configurable so tests point the client at a local stand-in of Twilio's Calls API; the
 * documented extension point is a custom `httpClient` whose requests are re-targeted.
 */
import twilio from 'twilio';
import type RequestClient from 'twilio/lib/base/RequestClient';
import type { CallPlacer } from '../../core/phone/ports';

export const TWILIO_API_BASE = 'https://api.twilio.com';

/** Twilio's RequestClient with every `https://api.twilio.com/...` request sent to another base. */
class RebasedRequestClient extends twilio.RequestClient {
  constructor(private readonly base: string) {
    super({ timeout: 10_000 });
  }

  override request<T>(opts: RequestClient.RequestOptions<T>) {
    const url = new URL(opts.uri);
    return super.request({ ...opts, uri: `${this.base}${url.pathname}${url.search}` });
  }
}

/** Settings of the REST client; the auth token stays inside the client. */
export interface TwilioCallsOptions {
  readonly accountSid: string;
  readonly authToken: string;
  /** Default https://api.twilio.com. */
  readonly apiBaseUrl?: string;
  /** Seconds to ring before giving up (Twilio default 60). */
  readonly ringSeconds?: number;
  /** Longest call in seconds (cost cap). */
  readonly timeLimitSeconds?: number;
}

/** Places calls with answering-machine detection, so voicemail hears nothing. */
export class TwilioCallPlacer implements CallPlacer {
  private readonly client: twilio.Twilio;

  constructor(private readonly options: TwilioCallsOptions) {
    if (!/^AC[0-9a-fA-F]{32}$/.test(options.accountSid))
      throw new Error('the Twilio account SID must look like AC followed by 32 hex digits');
    const base = (options.apiBaseUrl ?? TWILIO_API_BASE).replace(/\/+$/, '');
    this.client = twilio(options.accountSid, options.authToken, {
      httpClient:
        base === TWILIO_API_BASE
          ? new twilio.RequestClient({ timeout: 10_000 })
          : new RebasedRequestClient(base),
    });
  }

  async place(args: Parameters<CallPlacer['place']>[0]): Promise<{ readonly sid: string }> {
    const call = await this.client.calls.create({
      to: args.to,
      from: args.from,
      url: args.url,
      method: 'POST',
      statusCallback: args.statusCallback,
      statusCallbackMethod: 'POST',
      machineDetection: 'Enable',
      timeout: this.options.ringSeconds ?? 25,
      timeLimit: this.options.timeLimitSeconds ?? 600,
    });
    return { sid: call.sid };
  }
}
