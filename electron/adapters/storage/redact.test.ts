import { describe, expect, it } from 'vitest';
import { REDACTED, redactSecrets, redactText } from './redact';

// Test secrets of the real shapes (none of them valid).
const TELEGRAM = '123456789:AAHfV3kq9xW2bQz7yT0uR4sE1dC8nM5pL6o';
const OPENAI = 'sk-proj-Zx81kfJQ2mN7pL0aB3cD4eF5gH6iJ7kL';
const ANTHROPIC = 'sk-ant-api03-abcDEF123456ghiJKL789012mnoPQR';
const TWILIO_SID = `AC${'0123456789abcdef'.repeat(2)}`;
const TWILIO_TOKEN = 'f'.repeat(32);
const GITHUB = `ghp_${'A1b2C3d4E5'.repeat(4)}`;

describe('redactText', () => {
  it.each([
    ['Telegram bot token', `curl https://api.telegram.org/bot${TELEGRAM}/getMe`],
    ['OpenAI key', `OPENAI=${OPENAI} npm test`],
    ['Anthropic key', `key ${ANTHROPIC} here`],
    ['Bearer header', 'curl -H "Authorization: Bearer abc.def-ghi_jkl~123" x'],
    ['bearer alone', 'bearer eyXabcdefghijkl'],
    ['Twilio basic auth', `curl -u ${TWILIO_SID}:${TWILIO_TOKEN} https://api.twilio.com`],
    ['GitHub token', `git clone https://${GITHUB}@github.com/a/b`],
    ['AWS access key', 'AKIAIOSFODNN7EXAMPLE'],
    ['env assignment', 'export TELEGRAM_BOT_TOKEN=abc123 && run'],
    ['quoted env assignment', "TWILIO_AUTH_TOKEN='xyz 987' node x"],
    ['password flag', 'mysql --password=hunter2 -u root'],
    ['URL credentials', 'git remote add o https://bob:s3cr3t@example.com/r.git'],
    [
      'private key',
      '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXk\n-----END OPENSSH PRIVATE KEY-----',
    ],
  ])('masks a %s', (_name, text) => {
    const out = redactText(text);
    expect(out).toContain(REDACTED);
    for (const secret of [
      TELEGRAM,
      OPENAI,
      ANTHROPIC,
      TWILIO_TOKEN,
      TWILIO_SID,
      GITHUB,
      'AKIAIOSFODNN7EXAMPLE',
      'abc123',
      'xyz 987',
      'hunter2',
      's3cr3t',
      'b3BlbnNzaC1rZXk',
      'abc.def-ghi_jkl~123',
    ]) {
      expect(out).not.toContain(secret);
    }
  });

  it('keeps ordinary agent text, commands and usage counts', () => {
    for (const text of [
      'npm run test -- --watch=false',
      'git push origin main',
      '↓ 1.2k tokens: 5',
      'exit code 1',
      'ls -la src/',
      'Do you want to proceed?',
    ]) {
      expect(redactText(text)).toBe(text);
    }
  });

  it('is idempotent', () => {
    const once = redactText(`Bearer abcdefghijk ${TELEGRAM} API_KEY=x`);
    expect(redactText(once)).toBe(once);
  });
});

describe('redactSecrets', () => {
  it('replaces values under secret-named keys at any depth, and TOTP codes, but keeps error codes', () => {
    const out = redactSecrets({
      detail: {
        token: 'plain-looking',
        botToken: 'x',
        clientSecret: { nested: 1 },
        password: 'p',
        apiKey: 'k',
        'api-key': 'k2',
        totp: '123456',
        code: '654321',
        otpCode: 987654,
        errorCode: 'ENOENT',
        exitCode: 1,
        maxTokens: 4096,
        list: [{ secret: 's' }, `t=${TELEGRAM}`],
      },
    });
    expect(out).toEqual({
      detail: {
        token: REDACTED,
        botToken: REDACTED,
        clientSecret: REDACTED,
        password: REDACTED,
        apiKey: REDACTED,
        'api-key': REDACTED,
        totp: REDACTED,
        code: REDACTED,
        otpCode: REDACTED,
        errorCode: 'ENOENT',
        exitCode: 1,
        maxTokens: 4096,
        list: [{ secret: REDACTED }, `t=${REDACTED}`],
      },
    });
  });

  it('keeps a "__proto__" key as data instead of touching the prototype', () => {
    const out = redactSecrets(JSON.parse('{"__proto__":{"polluted":1}}') as never) as object;
    expect(Object.keys(out)).toEqual(['__proto__']);
    expect(({} as { polluted?: number }).polluted).toBeUndefined();
  });
});
