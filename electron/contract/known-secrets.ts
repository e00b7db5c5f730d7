/**
 * The names of the settings Tower keeps in its secret store — plain data, no zod, so the renderer can
 * read it without pulling zod into the page (zod probes `new Function`, which the popover's CSP refuses
 * and Chromium reports as an error).
 */

/**
 * Every secret Tower stores, with what the owner is told about it. A closed list: no free-form names.
 * `preview`: true shows the last four characters of a long value; 'full' shows a value that is not
 * secret at all (the phone line's numbers and URL, kept here so the Mac app, which has no environment
 * to set, can be configured from Settings).
 */
export const KNOWN_SECRETS = [
  { name: 'telegram.token', label: 'Telegram bot token', hint: 'from @BotFather', preview: true },
  { name: 'twilio.accountSid', label: 'Twilio account SID', hint: 'starts with AC', preview: true },
  { name: 'twilio.authToken', label: 'Twilio auth token', hint: 'Twilio console › Account', preview: true },
  {
    name: 'totp.seed',
    label: 'TOTP seed (phone PIN)',
    hint: 'base32; shown once when enrolled',
    preview: false,
  },
  {
    name: 'phone.publicUrl',
    label: 'Phone webhook URL',
    hint: 'https://… of your tunnel to port 7734',
    preview: 'full',
  },
  {
    name: 'twilio.from',
    label: 'Twilio number',
    hint: '+E.164, the number Tower calls from',
    preview: 'full',
  },
  {
    name: 'phone.owner',
    label: 'Your phone number',
    hint: '+E.164, the number Tower calls',
    preview: 'full',
  },
] as const;

/** A secret's name. */
export type SecretName = (typeof KNOWN_SECRETS)[number]['name'];

/** The names, for schemas and loops. */
export const SECRET_NAMES = KNOWN_SECRETS.map((s) => s.name) as [SecretName, ...SecretName[]];
