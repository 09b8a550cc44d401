import { afterEach, describe, expect, it, vi } from 'vitest';
import { afterResponse, settleAfterResponse } from './after-response';

afterEach(() => vi.restoreAllMocks());

describe('work left for after the answer', () => {
  it('starts only after the caller has carried on, and settling waits for it and what it starts', async () => {
    const order: string[] = [];
    afterResponse('first', async () => {
      order.push('first');
      afterResponse('second', async () => {
        order.push('second');
      });
    });
    order.push('answered');
    await Promise.resolve();
    expect(order).toEqual(['answered']);
    await settleAfterResponse();
    expect(order).toEqual(['answered', 'first', 'second']);
  });

  it('logs a failure by its code alone, never its message, and settles all the same', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    afterResponse('A password reset request', async () => {
      throw Object.assign(new Error('secret details'), { code: '57P01' });
    });
    await settleAfterResponse();
    expect(logged.mock.calls).toEqual([
      ['Schoolgate: A password reset request failed after answering (57P01).'],
    ]);
  });
});
