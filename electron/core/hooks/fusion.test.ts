import { describe, expect, it } from 'vitest';
import { bash } from '../policy/test-support';
import {
  fuseState,
  gateScreenDecision,
  HOOK_SIGNAL_FRESH_MS,
  stateFromHook,
  type HookRequestRecord,
} from './fusion';
import { promptFromHook } from './hook-prompt';

const at = 1_000_000;
const signal = (name: string, notification: string | null = null) => ({ name, notification, at });

describe('fuseState: the screen wins for what is showing now', () => {
  it('a hook event never overrides a state the screen shows', () => {
    expect(fuseState('permission', signal('PostToolUse'), at)).toBe('permission');
    expect(fuseState('working', signal('Stop'), at)).toBe('working');
    expect(fuseState('idle', signal('Notification', 'permission_prompt'), at)).toBe('idle');
  });

  it('fills in when the screen cannot tell, while the event is fresh', () => {
    expect(fuseState('unknown', signal('Stop'), at + 1)).toBe('idle');
    expect(fuseState('starting', signal('Notification', 'permission_prompt'), at)).toBe('permission');
    expect(fuseState('unknown', signal('Stop'), at + HOOK_SIGNAL_FRESH_MS + 1)).toBe('unknown');
    expect(fuseState('unknown', null, at)).toBe('unknown');
  });

  it('maps events to states', () => {
    expect(stateFromHook(signal('Stop'))).toBe('idle');
    expect(stateFromHook(signal('agent-turn-complete'))).toBe('idle');
    expect(stateFromHook(signal('UserPromptSubmit'))).toBe('working');
    expect(stateFromHook(signal('SessionEnd'))).toBe('exited');
    expect(stateFromHook(signal('Notification', 'auth_success'))).toBeNull();
  });
});

describe('gateScreenDecision', () => {
  const allow = { decision: 'allow' as const, rule: 'r', explanation: '' };
  const deny = { decision: 'deny' as const, rule: 'd', explanation: '' };
  const record = (command: string, answered: HookRequestRecord['answered']): HookRequestRecord => ({
    prompt: promptFromHook({ name: 'Bash', input: { command } }),
    answered,
    rule: 'r',
    at,
  });

  it('allow never stands on the screen alone', () => {
    expect(gateScreenDecision(allow, bash('ls'), [])).toMatchObject({
      decision: 'ask',
      rule: 'hook:no-request',
    });
    expect(gateScreenDecision(allow, bash('ls'), [record('ls', 'none')])).toMatchObject({ rule: 'hook:ask' });
    expect(gateScreenDecision(allow, bash('ls'), [record('ls', 'allow')])).toMatchObject({
      rule: 'hook:answered',
    });
  });

  it('a deny still stands (denying widens nothing) unless the hook already answered', () => {
    expect(gateScreenDecision(deny, bash('rm x'), [])).toBe(deny);
    expect(gateScreenDecision(deny, bash('rm x'), [record('rm x', 'deny')])).toMatchObject({
      rule: 'hook:answered',
    });
  });
});
