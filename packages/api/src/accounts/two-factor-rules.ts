import type { TwoFactorState } from '../core';

/** Where a signed-in person stands with the second factor (P17); see `TwoFactorState`. */
export function twoFactorState(input: {
  isStaff: boolean;
  enrolled: boolean;
  verifiedThisSession: boolean;
}): TwoFactorState {
  if (input.enrolled) return input.verifiedThisSession ? 'done' : 'verify';
  return input.isStaff ? 'enrol' : 'not_required';
}
