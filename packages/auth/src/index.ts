export { generateToken, hashToken } from './tokens';
export { hashPassword, verifyPassword } from './password-hash';
export {
  sessionLifetime,
  sessionHasEnded,
  type SessionLifetime,
  type SessionSettings,
} from './session-policy';
export { sessionCookieSpec, type SessionCookieSpec } from './cookie';
export {
  createSession,
  validateSessionToken,
  invalidateSession,
  invalidateUserSessions,
  type Session,
  type NewSession,
} from './sessions';
export {
  isThrottled,
  recordFailure,
  clearFailures,
  throttleKey,
  type ThrottlePolicy,
} from './throttle';
