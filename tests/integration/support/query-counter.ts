import type { KyselyPlugin } from 'kysely';
import type { Database } from '@schoolgate/db';

/**
 * The same database, counting every statement sent through it (query builders and raw `sql`
 * alike pass through a plugin's transformQuery once per execution).
 */
export function countingQueries(db: Database) {
  let count = 0;
  const plugin: KyselyPlugin = {
    transformQuery(args) {
      count += 1;
      return args.node;
    },
    transformResult(args) {
      return Promise.resolve(args.result);
    },
  };
  return {
    db: db.withPlugin(plugin),
    get count() {
      return count;
    },
    reset() {
      count = 0;
    },
  };
}

/**
 * The same database, counting the statements it sends as their results come back: one per
 * statement sent, however many subqueries it holds (a plugin's transformQuery also sees each
 * subquery built from the plugged-in database, so `countingQueries` can count one statement twice).
 */
export function countingStatements(db: Database) {
  let count = 0;
  const plugin: KyselyPlugin = {
    transformQuery: (args) => args.node,
    transformResult(args) {
      count += 1;
      return Promise.resolve(args.result);
    },
  };
  return {
    db: db.withPlugin(plugin),
    get count() {
      return count;
    },
    reset() {
      count = 0;
    },
  };
}
