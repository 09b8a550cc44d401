import { describe, expect, it } from 'vitest';
import { retryDelaySeconds } from './backoff';

describe('retryDelaySeconds', () => {
  it('waits a minute after the first failure, then doubles', () => {
    expect([1, 2, 3, 4, 5, 6].map(retryDelaySeconds)).toEqual([60, 120, 240, 480, 960, 1920]);
  });

  it('never waits more than an hour', () => {
    expect(retryDelaySeconds(7)).toBe(3600);
    expect(retryDelaySeconds(50)).toBe(3600);
    expect(retryDelaySeconds(Number.MAX_SAFE_INTEGER)).toBe(3600);
  });

  it('treats a count below one as the first failure', () => {
    expect(retryDelaySeconds(0)).toBe(60);
    expect(retryDelaySeconds(-3)).toBe(60);
  });
});
