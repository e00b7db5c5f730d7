import { describe, expect, it } from 'vitest';
import { DEFAULT_ESCALATION } from '../../core/approvals/escalation';
import { DEFAULT_POLICY_YAML } from './default-policy';
import { parsePolicyText } from './policy-file';

const BASE = 'version: 1\nshadow: false\n';

describe('policy.yaml escalation section', () => {
  it('the commented example in the default policy, uncommented, is valid and equals the built-in ladder', () => {
    const lines = DEFAULT_POLICY_YAML.split('\n');
    const start = lines.indexOf('# escalation:');
    const end = lines.indexOf('', start);
    const section = lines.slice(start, end).map((line) => line.slice(2));
    const text = `${BASE}${section.join('\n').replace(/quiet_hours: "[^"]*"/u, 'quiet_hours: null')}\n`;
    expect(section[0]).toBe('escalation:');
    const load = parsePolicyText(text, 'policy.yaml');
    if (!load.ok) throw new Error(load.errors.join('\n'));
    expect(load.policy.escalation).toEqual(DEFAULT_ESCALATION);
  });

  it('no section: the built-in ladder applies (nothing compiled in)', () => {
    const load = parsePolicyText(BASE, 'p.yaml');
    expect(load.ok && load.policy.escalation).toBeUndefined();
  });

  it('names the line and field of each bad value', () => {
    const cases: [string, RegExp][] = [
      [
        'escalation:\n  quiet_hours: "10pm-7am"\n',
        /^p\.yaml:4: escalation\.quiet_hours: write quiet hours as "HH:MM-HH:MM"/u,
      ],
      ['escalation:\n  phone_after: -5\n', /^p\.yaml:4: escalation\.phone_after: /u],
      ['escalation:\n  expire_after: 10\n', /^p\.yaml:4: escalation\.expire_after: /u],
      ['escalation:\n  quiet_channels: [tray]\n', /^p\.yaml:4: escalation\.quiet_channels\.0: /u],
      ['escalation:\n  ring_after: 5\n', /^p\.yaml:\d+: escalation: .*ring_after/u],
    ];
    for (const [section, expected] of cases) {
      const load = parsePolicyText(BASE + section, 'p.yaml');
      expect(load.ok).toBe(false);
      if (!load.ok) expect(load.errors[0]).toMatch(expected);
    }
  });
});
