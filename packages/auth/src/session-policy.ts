/** The settings that decide how long a session lasts (P10, P17). */
export interface SessionSettings {
  session_idle_minutes: number;
  session_absolute_minutes: number;
  shared_session_idle_minutes: number;
  shared_session_absolute_minutes: number;
}

export interface SessionLifetime {
  idleSeconds: number;
  absoluteSeconds: number;
}

/** A "public or shared computer" sign-in gets the short lifetime; everything else the normal one. */
export function sessionLifetime(settings: SessionSettings, sharedDevice: boolean): SessionLifetime {
  const idle = sharedDevice ? settings.shared_session_idle_minutes : settings.session_idle_minutes;
  const absolute = sharedDevice
    ? settings.shared_session_absolute_minutes
    : settings.session_absolute_minutes;
  return { idleSeconds: idle * 60, absoluteSeconds: absolute * 60 };
}

export interface SessionTimes {
  lastSeenAt: Date;
  idleTimeoutSeconds: number;
  expiresAt: Date;
}

/** A session ends at its absolute expiry or after its idle timeout without use, whichever is first. */
export function sessionHasEnded(session: SessionTimes, now: Date): boolean {
  const idleDeadline = session.lastSeenAt.getTime() + session.idleTimeoutSeconds * 1000;
  return now.getTime() >= session.expiresAt.getTime() || now.getTime() >= idleDeadline;
}

// Writing last_seen_at on every request would turn every read into a write; a minute's slack on a
// timeout of 15 minutes or more is immaterial.
const TOUCH_INTERVAL_MS = 60_000;

export function sessionNeedsTouch(session: SessionTimes, now: Date): boolean {
  return now.getTime() - session.lastSeenAt.getTime() >= TOUCH_INTERVAL_MS;
}
