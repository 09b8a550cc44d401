import { describe, expect, it } from 'vitest';
import { percentOf, waitingFor } from './waiting-for';

const asOf = new Date('2026-11-17T09:30:00Z');
const before = (ms: number) => new Date(asOf.getTime() - ms);
const HOUR = 3_600_000;

describe('waitingFor', () => {
  it('says how long in words', () => {
    expect(waitingFor(before(5 * 60_000), asOf)).toBe('less than an hour');
    expect(waitingFor(before(HOUR), asOf)).toBe('1 hour');
    expect(waitingFor(before(23 * HOUR), asOf)).toBe('23 hours');
    expect(waitingFor(before(24 * HOUR), asOf)).toBe('1 day');
    expect(waitingFor(before(20 * 24 * HOUR), asOf)).toBe('20 days');
    expect(waitingFor(before(45 * 24 * HOUR), asOf)).toBe('6 weeks');
  });

  it('reads dates sent as text, and never says a negative wait', () => {
    expect(waitingFor('2026-11-14T09:30:00Z', asOf.toISOString())).toBe('3 days');
    expect(waitingFor(new Date(asOf.getTime() + HOUR), asOf)).toBe('less than an hour');
  });
});

describe('percentOf', () => {
  it('rounds down and has no answer for nothing', () => {
    expect(percentOf(199, 200)).toBe(99);
    expect(percentOf(200, 200)).toBe(100);
    expect(percentOf(0, 0)).toBeNull();
  });
});
