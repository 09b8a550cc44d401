import { describe, expect, it } from 'vitest';
import { QUEUE_NAMES, visibleQueues } from './visibility';

describe('visibleQueues', () => {
  it('shows an admin every queue', () => {
    expect([...visibleQueues(['admin'])]).toEqual(QUEUE_NAMES);
  });

  it('shows the office every queue but the failed emails', () => {
    expect([...visibleQueues(['office'])]).toEqual(
      QUEUE_NAMES.filter((name) => name !== 'failedEmails'),
    );
  });

  it('shows nothing to roles no queue names, and to no roles at all', () => {
    for (const role of ['teacher', 'dsl', 'governor', 'parent', 'student', 'anonymous'] as const) {
      expect(visibleQueues([role]).size).toBe(0);
    }
    expect(visibleQueues([]).size).toBe(0);
  });

  it('goes by any role held', () => {
    expect(visibleQueues(['teacher', 'office']).has('accessRequests')).toBe(true);
  });
});
