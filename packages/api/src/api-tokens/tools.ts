import { sql } from 'kysely';
import type { ApiTokenIdentity, Context } from '../core';
import { policyAcceptancePending } from '../aup';

type TokenContext = Context & { apiToken: ApiTokenIdentity };

/** What a tool needs to check its own token: its name, scopes and when it runs out. */
export async function tokenDetails(ctx: TokenContext) {
  const row = await ctx.db
    .selectFrom('api_tokens')
    .select(['name', 'scopes', 'expires_at'])
    .where('id', '=', ctx.apiToken.id)
    .executeTakeFirstOrThrow();
  return { name: row.name, scopes: row.scopes, expiresAt: row.expires_at.toISOString() };
}

/**
 * Active accounts that have not accepted the policy version in force (P2), oldest first: who the
 * office should remind. Usernames, kinds and last sign-in only: no student data.
 */
export async function accountsNotAcceptedPolicy(ctx: TokenContext) {
  const now = ctx.now();
  const rows = await ctx.db
    .selectFrom('users as u')
    .select([
      'u.username',
      'u.created_at',
      'u.last_signed_in_at',
      sql<'parent' | 'student' | 'staff'>`case
        when u.staff_id is not null then 'staff'
        when u.student_id is not null then 'student'
        else 'parent' end`.as('kind'),
    ])
    .where('u.status', '=', 'active')
    .where(policyAcceptancePending(sql.ref('u.id'), now), '=', true)
    .orderBy('u.created_at')
    .orderBy('u.username')
    .execute();
  return rows.map((row) => ({
    username: row.username,
    kind: row.kind,
    lastSignedInAt: row.last_signed_in_at?.toISOString() ?? null,
  }));
}
