import { loadSettings, recordAudit } from '@schoolgate/db';
import type { ApiTokenIdentity, Context } from '../core';
import { AppError } from '../core';
import { compactDetails, filterDetails, readAuditEntries, type AuditEntryView } from '../audit';
import { daysBetween } from './attendance-export';

type TokenContext = Context & { apiToken: ApiTokenIdentity };

/** The longest range one call reads, as for the attendance export. */
export const MAX_AUDIT_DAYS = 31;
export const AUDIT_SEARCH_DEFAULT_LIMIT = 100;
export const AUDIT_SEARCH_MAX_LIMIT = 200;

export interface AuditSearchInput {
  from: string;
  to: string;
  action?: string | undefined;
  cursor?: string | undefined;
  limit?: number | undefined;
}

/**
 * Keys no answer carries, whatever an entry's details hold: the log never records a secret, and
 * this keeps it so if one ever slipped in (a password, a token, a hash, a TOTP secret).
 */
const SECRET_KEY = /password|secret|hash|totp|otp|^token$|bearer|cookie|session_id/i;

function withoutSecrets(details: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(details).filter(([key]) => !SECRET_KEY.test(key)));
}

function toAnswer(entry: AuditEntryView) {
  const details = withoutSecrets(entry.details);
  return {
    id: entry.id,
    at: entry.at.toISOString(),
    action: entry.action,
    actionLabel: entry.actionLabel,
    who: entry.who,
    actor: entry.actor ? { name: entry.actor.name, username: entry.actor.username } : null,
    student: entry.student,
    target: entry.target ? { name: entry.target.name, username: entry.target.username } : null,
    ip: entry.ip,
    device: entry.device,
    details,
    detailsText: compactDetails(details),
  };
}

/**
 * The audit log for a range of days (issue 15, `audit:read`), newest first, a page at a time: the
 * fields the staff audit page shows (P10, P16), read with the page's own query. `nextCursor`
 * fetches the next (older) page; null when there is none. The reading is itself audited with the
 * token's name and the filters, beside the call's own entry.
 */
export async function auditSearch(ctx: TokenContext, input: AuditSearchInput) {
  if (input.from > input.to) {
    throw new AppError('bad_input', 'The first day must be on or before the last day.', {
      fieldErrors: { to: ['The last day must be on or after the first day.'] },
    });
  }
  if (daysBetween(input.from, input.to) > MAX_AUDIT_DAYS) {
    throw new AppError(
      'bad_input',
      `Ask for at most ${MAX_AUDIT_DAYS} days at once, and make several calls for a longer time.`,
      { fieldErrors: { to: [`The range can be at most ${MAX_AUDIT_DAYS} days.`] } },
    );
  }
  const limit = input.limit ?? AUDIT_SEARCH_DEFAULT_LIMIT;
  const filter = { from: input.from, to: input.to, action: input.action };
  const settings = await loadSettings(ctx.db);
  const entries = await readAuditEntries(ctx.db, filter, {
    timeZone: settings.time_zone,
    limit: limit + 1,
    ...(input.cursor !== undefined ? { afterId: Number(input.cursor) } : {}),
  });
  const page = entries.slice(0, limit);
  await recordAudit(ctx.db, {
    at: ctx.now(),
    action: 'api_token.audit_read',
    actorUserId: ctx.apiToken.ownerUserId,
    ip: ctx.meta.ip,
    userAgent: ctx.meta.userAgent,
    details: {
      via: 'api_token',
      token_id: ctx.apiToken.id,
      token_name: ctx.apiToken.name,
      filters: filterDetails(filter),
      ...(input.cursor !== undefined ? { cursor: input.cursor } : {}),
      entries: page.length,
    },
  });
  return {
    entries: page.map(toAnswer),
    nextCursor: entries.length > limit ? page[page.length - 1]!.id : null,
    timeZone: settings.time_zone,
  };
}
