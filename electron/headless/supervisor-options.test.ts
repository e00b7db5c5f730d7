import { describe, expect, it } from 'vitest';
import { supervisorOptions } from './supervisor-options';

describe('supervisorOptions', () => {
  it('reads the stall window, keeps the default when unset, and refuses nonsense', () => {
    expect(supervisorOptions({})).toEqual({});
    expect(supervisorOptions({ TOWER_STALL_AFTER_S: '300' })).toEqual({ stallAfterMs: 300_000 });
    expect(() => supervisorOptions({ TOWER_STALL_AFTER_S: 'soon' })).toThrow(/whole seconds/);
    expect(() => supervisorOptions({ TOWER_STALL_AFTER_S: '1' })).toThrow(/from 5/);
  });
});
