/**
 * Where a signed-in person stands with the second factor (P17):
 * - `enrol`: staff without an authenticator yet must set one up before anything else;
 * - `verify`: anyone who has one must give a code in each new session;
 * - `done`: checked in this session; `not_required`: a parent or student who has not opted in.
 */
export type TwoFactorState = 'enrol' | 'verify' | 'done' | 'not_required';

export function twoFactorState(input: {
  isStaff: boolean;
  enrolled: boolean;
  verifiedThisSession: boolean;
}): TwoFactorState {
  if (input.enrolled) return input.verifiedThisSession ? 'done' : 'verify';
  return input.isStaff ? 'enrol' : 'not_required';
}
