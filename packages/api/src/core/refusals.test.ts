import { describe, expect, it } from 'vitest';
import { TRPCError } from '@trpc/server';
import { AppError } from './errors';
import {
  burstWindowStart,
  refusalActionOf,
  refusalHour,
  refusalMinute,
  refusedIdsOf,
} from './refusals';

describe('refusalActionOf', () => {
  it('audits "forbidden" and "not found", as the tiers and the access policy answer them', () => {
    expect(refusalActionOf(new AppError('forbidden', 'No.'))).toBe('refused.forbidden');
    expect(refusalActionOf(new AppError('not_found', 'Not found.'))).toBe('refused.not_found');
    expect(refusalActionOf(new TRPCError({ code: 'NOT_FOUND' }))).toBe('refused.not_found');
  });

  it('leaves out bad input, sign in first, things to do first, conflicts and failures', () => {
    for (const kind of [
      'bad_input',
      'not_signed_in',
      'password_expired',
      'policy_not_accepted',
      'two_factor_required',
      'conflict',
      'too_many_attempts',
      'unavailable',
    ] as const) {
      expect(refusalActionOf(new AppError(kind, 'x')), kind).toBeNull();
    }
    expect(refusalActionOf(new TRPCError({ code: 'INTERNAL_SERVER_ERROR' }))).toBeNull();
    expect(refusalActionOf(new Error('plain'))).toBeNull();
  });
});

describe('refusedIdsOf', () => {
  const a = '6f1c2a9e-0000-4000-8000-00000000000a';
  const b = '6f1c2a9e-0000-4000-8000-00000000000b';

  it('keeps the values of id, …Id and …Ids fields, once each', () => {
    expect(refusedIdsOf({ studentId: a, termId: b, weekOf: '2026-11-16' })).toEqual([a, b]);
    expect(refusedIdsOf({ id: 42, note: 'why' })).toEqual(['42']);
    expect(refusedIdsOf({ target: { kind: 'link', id: a }, studentIds: [a, b] })).toEqual([a, b]);
  });

  it('keeps nothing else a person typed, and nothing odd', () => {
    expect(refusedIdsOf({ message: a, password: 'Secret-1', search: 'Okafor' })).toEqual([]);
    expect(refusedIdsOf({ studentId: 'two words' })).toEqual([]);
    expect(refusedIdsOf({ studentId: '' })).toEqual([]);
    expect(refusedIdsOf(undefined)).toEqual([]);
    expect(refusedIdsOf('a string')).toEqual([]);
    expect(refusedIdsOf({ studentId: 'x'.repeat(500) })).toEqual(['x'.repeat(64)]);
  });

  it('keeps at most five per call and looks two levels deep only', () => {
    const many = Array.from({ length: 50 }, (_, i) => `id-${i}`);
    expect(refusedIdsOf({ studentIds: many })).toHaveLength(5);
    expect(refusedIdsOf({ one: { two: { three: { id: a } } } })).toEqual([]);
  });
});

describe('tally keys', () => {
  it('tallies by UTC minute, notices by UTC hour, over this minute and the nine before', () => {
    const at = new Date('2026-11-17T09:30:42.123Z');
    expect(refusalMinute(at)).toBe('2026-11-17T09:30');
    expect(refusalHour(at)).toBe('2026-11-17T09');
    expect(burstWindowStart(at).toISOString()).toBe('2026-11-17T09:21:00.000Z');
  });
});
