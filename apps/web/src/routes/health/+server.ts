import { json } from '@sveltejs/kit';
import { TRPCError } from '@trpc/server';
import type { RequestHandler } from './$types';
import { caller } from '$lib/server/router';

/**
 * For a load balancer or monitor: 200 with email delivery in counts while the database answers,
 * 503 when it does not. Never cached.
 */
export const GET: RequestHandler = async (event) => {
  const headers = { 'cache-control': 'no-store' };
  try {
    return json({ status: 'ok', ...(await caller(event).health.check()) }, { headers });
  } catch (cause) {
    if (cause instanceof TRPCError && cause.code === 'SERVICE_UNAVAILABLE') {
      return json({ status: 'unavailable', database: 'unavailable' }, { status: 503, headers });
    }
    throw cause;
  }
};
