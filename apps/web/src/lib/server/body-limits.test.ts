import { describe, expect, it } from 'vitest';
import type { SessionUser } from '@schoolgate/api';
import { bodyLimitFor, DEFAULT_BODY_LIMIT } from './body-limits';

const MB = 1024 * 1024;

function user(overrides: Partial<SessionUser>): SessionUser {
  return {
    id: 'u1',
    username: 'someone',
    email: 'someone@example.org',
    kind: 'staff',
    displayName: 'Someone',
    roles: ['office'],
    contactId: null,
    studentId: null,
    staffId: 's1',
    mustChangePassword: false,
    mustAcceptPolicy: false,
    suspended: false,
    enquiriesEmail: 'enquiries@example.org',
    twoFactor: 'done',
    ...overrides,
  };
}

describe('bodyLimitFor', () => {
  it('gives every route 1 MB, whoever asks', () => {
    expect(DEFAULT_BODY_LIMIT).toBe(MB);
    for (const route of ['/signin', '/admin/settings', '/api/trpc/[...trpc]', null]) {
      expect(bodyLimitFor(route, null)).toBe(MB);
      expect(bodyLimitFor(route, user({ roles: ['admin'] }))).toBe(MB);
    }
  });

  it('gives the import and notice pages more only to office staff and admins', () => {
    const importLimit = bodyLimitFor('/admin/imports/[kind]', user({}));
    // 20 MB of files, base64-encoded (4/3), and room for the form around them.
    expect(importLimit).toBeGreaterThan((20 * MB * 4) / 3);
    expect(importLimit).toBeLessThanOrEqual(30 * MB);
    expect(bodyLimitFor('/admin/imports/[kind]', user({ roles: ['admin'] }))).toBe(importLimit);
    // The download of a dry run's full list of changes takes the same staged files.
    expect(bodyLimitFor('/admin/imports/[kind]/changes.csv', user({}))).toBe(importLimit);
    expect(bodyLimitFor('/admin/notices/new', user({}))).toBe(6 * MB);
    expect(bodyLimitFor('/admin/notices/[id]', user({}))).toBe(6 * MB);
    for (const roles of [['teacher'], ['dsl'], ['governor'], ['parent'], ['student']] as const) {
      expect(bodyLimitFor('/admin/imports/[kind]', user({ roles: [...roles] }))).toBe(MB);
      expect(bodyLimitFor('/admin/notices/new', user({ roles: [...roles] }))).toBe(MB);
    }
    expect(bodyLimitFor('/admin/imports/[kind]', null)).toBe(MB);
  });

  it('gives nothing extra to a session the router would not let act', () => {
    for (const outstanding of [
      { twoFactor: 'verify' as const },
      { twoFactor: 'enrol' as const },
      { mustChangePassword: true },
      { mustAcceptPolicy: true },
      { suspended: true },
    ]) {
      expect(bodyLimitFor('/admin/imports/[kind]', user(outstanding))).toBe(MB);
    }
    expect(bodyLimitFor('/admin/imports/[kind]', user({ twoFactor: 'not_required' }))).not.toBe(MB);
  });
});
