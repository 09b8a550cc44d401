import { isIP } from 'node:net';
import { sql } from 'kysely';
import { hashToken } from '@schoolgate/auth';
import type { Database } from '@schoolgate/db';
import { userIsSuspended } from '../access';
import type { ApiTokenIdentity } from '../core';
import { TOKEN_PREFIX, isApiScope } from './scopes';

/** One answer for every unusable token, so the answer tells nobody which check it failed. */
export const INVALID_API_TOKEN =
  'That API token is not valid: it may be mistyped, expired or revoked, or used from an address it does not allow. Ask an administrator for a new one.';

// The last-used time is written at most once a minute, as a session's last-seen time is.
const TOUCH_MS = 60_000;

/**
 * The token an `Authorization: Bearer` header carries, if it is usable now: known, not revoked,
 * not expired, used from an address its range allows, and owned by an administrator who is
 * active and not restricted or held (P13, P14) — a token never outlives its owner's own access.
 * One statement finds it; its last use is recorded.
 */
export async function apiTokenIdentity(
  db: Database,
  bearer: string,
  ip: string | null,
  now: Date,
): Promise<ApiTokenIdentity | null> {
  if (!bearer.startsWith(TOKEN_PREFIX) || bearer.length > 100) return null;
  // PostgreSQL's inet has no IPv6 zone (fe80::1%eth0): the address without it is checked.
  const unzoned = ip?.split('%')[0] ?? null;
  const address = unzoned && isIP(unzoned) ? unzoned : null;
  const row = await db
    .selectFrom('api_tokens as t')
    .innerJoin('users as u', 'u.id', 't.owner_user_id')
    .select(['t.id', 't.name', 't.scopes', 't.owner_user_id', 't.last_used_at'])
    .where('t.token_hash', '=', hashToken(bearer))
    .where('t.revoked_at', 'is', null)
    .where('t.expires_at', '>', now)
    .where('u.status', '=', 'active')
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('staff_roles as r')
          .select('r.role')
          .whereRef('r.staff_id', '=', 'u.staff_id')
          .where('r.role', '=', 'admin'),
      ),
    )
    .where((eb) => eb.not(userIsSuspended()))
    .where((eb) =>
      eb.or([
        eb('t.allowed_range', 'is', null),
        address === null ? sql<boolean>`false` : sql<boolean>`${address}::inet <<= t.allowed_range`,
      ]),
    )
    .executeTakeFirst();
  if (!row) return null;
  if (!row.last_used_at || now.getTime() - row.last_used_at.getTime() >= TOUCH_MS) {
    await db
      .updateTable('api_tokens')
      .set({ last_used_at: now, last_used_ip: address })
      .where('id', '=', row.id)
      .execute();
  }
  return {
    id: row.id,
    name: row.name,
    scopes: row.scopes.filter(isApiScope),
    ownerUserId: row.owner_user_id,
  };
}
