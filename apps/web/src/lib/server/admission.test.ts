import { afterEach, describe, expect, it, vi } from 'vitest';
import { admissionLimitsFor, createAdmission } from './admission';

afterEach(() => {
  vi.useRealTimers();
});

describe('the bounded request queue', () => {
  it('admits up to the limit at once, queues the next in order, refuses beyond the queue', async () => {
    const admission = createAdmission({ concurrency: 2, maxQueue: 2, maxWaitMs: 4000 });
    const first = await admission.enter();
    const second = await admission.enter();
    expect(first).not.toBeNull();
    expect(second).not.toBeNull();
    const order: string[] = [];
    const third = admission.enter().then((leave) => (order.push('third'), leave));
    const fourth = admission.enter().then((leave) => (order.push('fourth'), leave));
    expect(await admission.enter()).toBeNull(); // the queue is full: refused at once
    expect(admission.load).toEqual({ running: 2, waiting: 2 });

    first!();
    first!(); // a second hand-back changes nothing
    expect(await third).not.toBeNull();
    expect(admission.load).toEqual({ running: 2, waiting: 1 });
    second!();
    const lastLeave = await fourth;
    expect(order).toEqual(['third', 'fourth']);
    (await third)!();
    lastLeave!();
    expect(admission.load).toEqual({ running: 0, waiting: 0 });
  });

  it('gives up on a request that waited too long, and keeps the others waiting', async () => {
    vi.useFakeTimers();
    const admission = createAdmission({ concurrency: 1, maxQueue: 5, maxWaitMs: 4000 });
    const leave = await admission.enter();
    const early = admission.enter();
    await vi.advanceTimersByTimeAsync(2000);
    const late = admission.enter();
    await vi.advanceTimersByTimeAsync(2001);
    expect(await early).toBeNull();
    expect(admission.load).toEqual({ running: 1, waiting: 1 });
    leave!();
    expect(await late).not.toBeNull();
  });
});

describe('the limits for a database', () => {
  it('queues the embedded database and not a PostgreSQL server', () => {
    expect(admissionLimitsFor({ DATABASE_URL: 'postgres://u@h/db' })).toBeNull();
    expect(admissionLimitsFor({})).toEqual({ concurrency: 4, maxQueue: 64, maxWaitMs: 4000 });
    expect(admissionLimitsFor({ DATABASE_URL: 'file:/tmp/x' })?.concurrency).toBe(4);
  });

  it('takes whole numbers from the environment and ignores nonsense', () => {
    const limits = (max?: string, queue?: string) =>
      admissionLimitsFor({ SCHOOLGATE_MAX_REQUESTS: max, SCHOOLGATE_REQUEST_QUEUE: queue });
    expect(limits('1', '0')).toMatchObject({ concurrency: 1, maxQueue: 0 });
    expect(limits('0', '-3')).toMatchObject({ concurrency: 4, maxQueue: 64 });
    expect(limits('two', '1.5')).toMatchObject({ concurrency: 4, maxQueue: 64 });
  });
});
