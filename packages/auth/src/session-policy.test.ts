import { describe, expect, it } from 'vitest';
import { sessionHasEnded, sessionLifetime, sessionNeedsTouch } from './session-policy';

const defaults = {
  session_idle_minutes: 60,
  session_absolute_minutes: 720,
  shared_session_idle_minutes: 15,
  shared_session_absolute_minutes: 60,
};

describe('sessionLifetime', () => {
  it('gives 60 minutes idle and 12 hours in all on a personal device', () => {
    expect(sessionLifetime(defaults, false)).toEqual({ idleSeconds: 3600, absoluteSeconds: 43200 });
  });

  it('gives 15 minutes idle and 1 hour in all on a public or shared computer', () => {
    expect(sessionLifetime(defaults, true)).toEqual({ idleSeconds: 900, absoluteSeconds: 3600 });
  });
});

describe('sessionHasEnded', () => {
  const start = new Date('2026-01-01T08:00:00Z');
  const session = {
    lastSeenAt: start,
    idleTimeoutSeconds: 900,
    expiresAt: new Date(start.getTime() + 3600_000),
  };
  const after = (ms: number) => new Date(start.getTime() + ms);

  it('is live until the idle timeout passes', () => {
    expect(sessionHasEnded(session, after(899_999))).toBe(false);
    expect(sessionHasEnded(session, after(900_000))).toBe(true);
  });

  it('ends at the absolute expiry however recently it was used', () => {
    const recent = { ...session, lastSeenAt: after(3590_000) };
    expect(sessionHasEnded(recent, after(3599_999))).toBe(false);
    expect(sessionHasEnded(recent, after(3600_000))).toBe(true);
  });

  it('records use at most once a minute', () => {
    expect(sessionNeedsTouch(session, after(59_999))).toBe(false);
    expect(sessionNeedsTouch(session, after(60_000))).toBe(true);
  });
});
