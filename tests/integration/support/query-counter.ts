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
