import { generateToken, hashToken } from '@schoolgate/auth';
import { recordAudit } from '@schoolgate/db';
import { AppError, actorOf, submitOnce, type SignedInContext } from '../core';
import { TOKEN_PREFIX, isApiScope, type ApiScope } from './scopes';

export interface NewTokenInput {
  name: string;
  scopes: ApiScope[];
  days: number;
  allowedRange?: string | undefined;
  submissionKey?: string | undefined;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Makes a token owned by the administrator making it. The token is in the answer once and never
 * again: only its SHA-256 is stored, and a repeated submission of the same form answers without it
 * (the stored answer of a repeat must not hold a secret).
 */
export async function createApiToken(ctx: SignedInContext, input: NewTokenInput) {
  const now = ctx.now();
  let token: string | null = null;
  const made = await ctx.db.transaction().execute((trx) =>
    submitOnce(trx, now, { purpose: 'api_token.create', userId: ctx.user.id, input }, async () => {
      const clash = await trx
        .selectFrom('api_tokens')
        .select('id')
        .where((eb) => eb(eb.fn('lower', ['name']), '=', input.name.toLowerCase()))
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      if (clash) {
        throw new AppError(
          'conflict',
          'A token with that name is still in use. Choose another name.',
          {
            fieldErrors: { name: ['A token with that name is still in use. Choose another name.'] },
          },
        );
      }
      const secret = `${TOKEN_PREFIX}${generateToken()}`;
      const row = await trx
        .insertInto('api_tokens')
        .values({
          name: input.name,
          token_hash: hashToken(secret),
          scopes: [...new Set(input.scopes)].sort(),
          owner_user_id: ctx.user.id,
          allowed_range: input.allowedRange ?? null,
          created_at: now,
          expires_at: new Date(now.getTime() + input.days * DAY_MS),
        })
        .returning(['id', 'expires_at'])
        .executeTakeFirstOrThrow();
      await recordAudit(trx, {
        ...actorOf(ctx),
        action: 'api_token.create',
        details: {
          token_id: row.id,
          name: input.name,
          scopes: [...new Set(input.scopes)].sort(),
          expires_at: row.expires_at.toISOString(),
          allowed_range: input.allowedRange ?? null,
        },
      });
      token = secret;
      return { id: row.id, name: input.name, expiresAt: row.expires_at.toISOString() };
    }),
  );
  return { ...made, token };
}

/** Every token, newest first, with where it stands; never a hash. */
export async function listApiTokens(ctx: SignedInContext) {
  const now = ctx.now();
  const rows = await ctx.db
    .selectFrom('api_tokens as t')
    .innerJoin('users as o', 'o.id', 't.owner_user_id')
    .select([
      't.id',
      't.name',
      't.scopes',
      't.allowed_range',
      't.created_at',
      't.expires_at',
      't.revoked_at',
      't.last_used_at',
      't.last_used_ip',
      'o.username as owner',
    ])
    .orderBy('t.created_at', 'desc')
    .orderBy('t.id')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    scopes: row.scopes.filter(isApiScope),
    allowedRange: row.allowed_range,
    owner: row.owner,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    lastUsedAt: row.last_used_at,
    lastUsedIp: row.last_used_ip,
    state: stateOf(row, now),
  }));
}

function stateOf(row: { revoked_at: Date | null; expires_at: Date }, now: Date) {
  if (row.revoked_at) return 'revoked' as const;
  return row.expires_at <= now ? ('expired' as const) : ('active' as const);
}

/** Revokes a token at once: its next call is refused. Revoking twice is not an error. */
export async function revokeApiToken(ctx: SignedInContext, id: string) {
  const now = ctx.now();
  return ctx.db.transaction().execute(async (trx) => {
    const row = await trx
      .updateTable('api_tokens')
      .set({ revoked_at: now, revoked_by_user_id: ctx.user.id })
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .returning(['id', 'name'])
      .executeTakeFirst();
    if (!row) {
      const exists = await trx
        .selectFrom('api_tokens')
        .select('id')
        .where('id', '=', id)
        .executeTakeFirst();
      if (!exists) throw new AppError('not_found', 'We could not find that API token.');
      return { revoked: false };
    }
    await recordAudit(trx, {
      ...actorOf(ctx),
      action: 'api_token.revoke',
      details: { token_id: row.id, name: row.name },
    });
    return { revoked: true };
  });
}
