import { beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@schoolgate/db';
import { fieldErrorsOf, fromDatabaseError, publicMessage } from '@schoolgate/api';
import { TRPCError } from '@trpc/server';
import { freshDatabase } from './support/database';
import { anonymousCaller, newParent } from './support/factories';

let db: Database;
beforeAll(async () => {
  db = await freshDatabase();
});

async function databaseError(statement: () => Promise<unknown>): Promise<unknown> {
  return statement().then(
    () => {
      throw new Error('expected the database to refuse');
    },
    (error: unknown) => error,
  );
}

describe('database errors become plain-English client errors', () => {
  it('a duplicate username is a conflict, not a 500 with database text', async () => {
    const parent = await newParent(db);
    const error = await databaseError(() =>
      db
        .insertInto('users')
        .values({
          username: parent.username.toUpperCase(),
          email: 'another@example.org',
          staff_id: null,
          contact_id: parent.contactId,
        })
        .execute(),
    );
    const mapped = fromDatabaseError(error);
    expect(mapped?.code).toBe('CONFLICT');
    expect(mapped?.message).toBe('That already exists, so nothing was changed.');
    expect(mapped?.message).not.toMatch(/users_|constraint|duplicate key/i);
  });

  it('a value a check forbids is bad input', async () => {
    const error = await databaseError(() =>
      db.updateTable('school_settings').set({ password_min_length: 4 }).execute(),
    );
    expect(fromDatabaseError(error)?.code).toBe('BAD_REQUEST');
  });
});

describe('bad input to a procedure', () => {
  it('names the problem with each field and changes nothing', async () => {
    const caller = await anonymousCaller(db);
    const before = await db
      .selectFrom('audit_log')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const error = await caller.auth
      .signIn({ identifier: '', password: '' })
      .catch((e: unknown) => e);
    if (!(error instanceof TRPCError)) throw new Error('expected a TRPCError');
    expect(error.code).toBe('BAD_REQUEST');
    expect(publicMessage(error)).toBe(
      'Please check your answers: Enter your username or email address.',
    );
    expect(fieldErrorsOf(error.cause)).toEqual({
      identifier: ['Enter your username or email address.'],
      password: ['Enter your password.'],
    });
    const after = await db
      .selectFrom('audit_log')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(after.n).toEqual(before.n);
  });
});
