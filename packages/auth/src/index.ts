export { generateToken, hashToken } from './tokens';
export { hashPassword, verifyPassword } from './password-hash';
export {
  sessionLifetime,
  sessionHasEnded,
  sessionNeedsTouch,
  type SessionLifetime,
  type SessionSettings,
} from './session-policy';
export { sessionCookieSpec, type SessionCookieSpec } from './cookie';
export {
  createSession,
  validateSessionToken,
  invalidateSession,
  invalidateUserSessions,
  markTwoFactorVerified,
  endUserSessions,
  rotateSessionToken,
  type Session,
  type NewSession,
  type SessionEndReason,
  type SessionValidation,
} from './sessions';
export {
  reserveAttempt,
  reserveAttempts,
  releaseAttempt,
  clearFailures,
  settleAttempts,
  throttleKey,
  type ThrottlePolicy,
} from './throttle';
export {
  passwordProblems,
  personalParts,
  MAX_PASSWORD_LENGTH,
  REUSED_PASSWORD_MESSAGE,
  type PasswordOwner,
  type PasswordProblem,
  type PasswordRule,
  type PasswordRules,
} from './password-policy';
export { isReusedPassword } from './password-history';
export { isCommonPassword, commonPasswordCount } from './common-passwords';
export {
  issueAccountToken,
  inspectAccountToken,
  consumeAccountToken,
  type TokenPurpose,
  type TokenState,
  type IssueTokenInput,
} from './account-tokens';
export {
  newTotpSecret,
  totpEnrolment,
  totpCodeAt,
  totpStepOf,
  newRecoveryCodes,
  hashRecoveryCode,
} from './totp';
