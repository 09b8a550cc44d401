import { describe, expect, it } from 'vitest';
import { changedAfterPublishing } from './notice-dates';

describe('changedAfterPublishing', () => {
  it('is null for a notice saved before it went out, scheduled or published at once', () => {
    expect(changedAfterPublishing('2026-12-08T08:00:00Z', '2026-12-07T15:30:00Z')).toBeNull();
    expect(changedAfterPublishing('2026-12-07T15:30:00Z', '2026-12-07T15:30:00Z')).toBeNull();
  });

  it('is the change for a notice edited after it went out', () => {
    expect(changedAfterPublishing('2026-12-07T08:00:00Z', '2026-12-07T09:15:00Z')).toEqual(
      new Date('2026-12-07T09:15:00Z'),
    );
  });
});
