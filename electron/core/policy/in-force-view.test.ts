import { describe, expect, it } from 'vitest';
import { compilePolicy } from './compile';
import { policyInForce } from './in-force-view';

describe('policyInForce', () => {
  it('shows source, shadow mode, fallback and each rule by id, decision and reason', () => {
    const policy = compilePolicy(
      {
        version: 1,
        shadow: true,
        default: 'ask',
        max_auto_per_minute: 20,
        rules: [
          { id: 'allow-ls', decision: 'allow', commands: ['ls'], reason: 'listing is harmless' },
          { id: 'deny-rm', decision: 'deny', pattern: 'rm -rf' },
        ],
      },
      'policy.yaml',
    );
    expect(policyInForce(policy)).toEqual({
      source: 'policy.yaml',
      shadow: true,
      fallback: 'ask',
      rules: [
        { id: 'allow-ls', decision: 'allow', reason: 'listing is harmless' },
        { id: 'deny-rm', decision: 'deny', reason: null },
      ],
    });
  });
});
