import { describe, expect, it } from 'vitest';
import { twoFactorState } from './two-factor-rules';

describe('twoFactorState', () => {
  it('makes staff enrol, asks everyone enrolled for a code each session, and leaves others alone', () => {
    expect(twoFactorState({ isStaff: true, enrolled: false, verifiedThisSession: false })).toBe(
      'enrol',
    );
    expect(twoFactorState({ isStaff: true, enrolled: true, verifiedThisSession: false })).toBe(
      'verify',
    );
    expect(twoFactorState({ isStaff: false, enrolled: true, verifiedThisSession: false })).toBe(
      'verify',
    );
    expect(twoFactorState({ isStaff: true, enrolled: true, verifiedThisSession: true })).toBe(
      'done',
    );
    expect(twoFactorState({ isStaff: false, enrolled: false, verifiedThisSession: false })).toBe(
      'not_required',
    );
  });
});
