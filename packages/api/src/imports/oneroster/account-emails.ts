import type { Kysely } from 'kysely';
import type { DB } from '@schoolgate/db';
import {
  emailTakenByAnotherAccount,
  moveOwnAccountEmail,
  ownAccount,
  type AccountEmailChange,
} from '../../accounts';
import type { ImportProblem } from '../types';
import type { EmailChange } from './plan';

/**
 * The problems with the emails a roster changes: a portal account cannot follow its owner to an
 * address another account already uses, nor can two accounts move to the same one. Each is a
 * problem on the owner's line of users.csv, so nothing is applied until the files are put right.
 */
export async function accountEmailProblems(
  db: Kysely<DB>,
  changes: readonly EmailChange[],
): Promise<ImportProblem[]> {
  const problems: ImportProblem[] = [];
  const report = (line: number, message: string) =>
    problems.push({ file: 'users.csv', line, message });
  /** Lower-cased address → the line whose account moves to it. */
  const movingTo = new Map<string, number>();
  for (const change of changes) {
    if (await emailTakenByAnotherAccount(db, change.owner, change.email)) {
      report(
        change.line,
        `Another portal account already uses ${change.email}. Each person needs an email address of their own: correct it in the school’s management system, or change the other account’s email first.`,
      );
      continue;
    }
    if (!(await ownAccount(db, change.owner))) continue;
    const key = change.email.toLowerCase();
    const first = movingTo.get(key);
    if (first !== undefined) {
      report(
        change.line,
        `The portal account of the person on line ${first} is also moving to ${change.email}. Each person needs an email address of their own.`,
      );
      continue;
    }
    movingTo.set(key, change.line);
  }
  return problems;
}

/** Moves each owner's account, if they have one, to their new email; says what moved. */
export async function moveAccountEmails(
  db: Kysely<DB>,
  changes: readonly EmailChange[],
  now: Date,
): Promise<AccountEmailChange[]> {
  const moved: AccountEmailChange[] = [];
  for (const change of changes) {
    const account = await moveOwnAccountEmail(db, change.owner, change.email, now);
    if (account) moved.push(account);
  }
  return moved;
}
