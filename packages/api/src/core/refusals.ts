import { TRPCError } from '@trpc/server';

// What counts as a refused request worth auditing (issue 10 item 6, P16), and what of it is kept.
// Pure rules, no database: the recording is refusal-audit.ts.

/** The audit actions of refusals: a role refused, or "not found" (another family's child, an id that does not exist). */
export const REFUSAL_ACTIONS = ['refused.forbidden', 'refused.not_found'] as const;
export type RefusalAction = (typeof REFUSAL_ACTIONS)[number];

/** The notice that one account was refused many times in a short while. */
export const REFUSAL_BURST_ACTION = 'refused.burst';

/** This many refusals of one account within the window raise a notice to admins. */
export const REFUSAL_BURST_THRESHOLD = 20;
export const REFUSAL_BURST_WINDOW_MINUTES = 10;

/** At most this many distinct ids, and addresses, are kept on one minute's tally. */
export const MAX_REFUSED_IDS = 10;
export const MAX_REFUSAL_ADDRESSES = 5;

/** The longest id kept: every id the router takes is a UUID (36) or shorter. */
const MAX_ID_LENGTH = 64;
/** Ids taken from one call's input, at most. */
const IDS_PER_CALL = 5;

/**
 * The audit action for a refused call, or null when it is not a refusal we audit. Only "forbidden"
 * and "not found" are: bad input (400) is a mistake, not misuse, and the tiers that ask someone to
 * sign in, change a password or accept the policy first are not refusals of the thing asked for.
 */
export function refusalActionOf(error: unknown): RefusalAction | null {
  if (!(error instanceof TRPCError)) return null;
  if (error.code === 'FORBIDDEN') return 'refused.forbidden';
  if (error.code === 'NOT_FOUND') return 'refused.not_found';
  return null;
}

const isIdKey = (key: string) => key === 'id' || /[a-z](Id|Ids)$/.test(key);

function idValue(value: unknown): string | null {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') return null;
  const text = value.trim();
  // Printable ASCII only: an id never needs more, and nothing odd reaches the log.
  if (text === '' || !/^[\x21-\x7e]+$/.test(text)) return null;
  return text.slice(0, MAX_ID_LENGTH);
}

/**
 * The ids a refused call asked for: the values of its input's `id`, `…Id` and `…Ids` fields, two
 * levels deep at most, distinct, at most five. Nothing else of the input is kept: it may hold
 * anything a person typed, and ids are what show which records were tried.
 */
export function refusedIdsOf(input: unknown): string[] {
  const found: string[] = [];
  const add = (value: unknown) => {
    const id = idValue(value);
    if (id !== null && !found.includes(id) && found.length < IDS_PER_CALL) found.push(id);
  };
  const visit = (node: unknown, depth: number) => {
    if (depth > 2 || node === null || typeof node !== 'object' || Array.isArray(node)) return;
    for (const [key, value] of Object.entries(node as Record<string, unknown>)) {
      if (isIdKey(key)) {
        if (Array.isArray(value)) value.slice(0, IDS_PER_CALL).forEach(add);
        else add(value);
      } else {
        visit(value, depth + 1);
      }
    }
  };
  visit(input, 1);
  return found;
}

/** The UTC minute a refusal is tallied under: `2026-11-17T09:30`. */
export const refusalMinute = (at: Date) => at.toISOString().slice(0, 16);

/** The UTC clock hour a burst notice is raised for: at most one per account and hour. */
export const refusalHour = (at: Date) => at.toISOString().slice(0, 13);

/** The start of the burst window ending at `at`: this minute and the nine before it. */
export const burstWindowStart = (at: Date) =>
  new Date(
    Math.floor(at.getTime() / 60_000) * 60_000 - (REFUSAL_BURST_WINDOW_MINUTES - 1) * 60_000,
  );
