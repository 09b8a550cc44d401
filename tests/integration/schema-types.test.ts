import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, expect, it } from 'vitest';
import type { Database } from '@schoolgate/db';
import { generateSchemaTypes } from '@schoolgate/db/codegen';
import { freshDatabase } from './support/database';

let db: Database;
beforeAll(async () => {
  db = await freshDatabase();
});

it('the committed schema types match the migrated database (run `npm run db:types` if not)', async () => {
  const committed = readFileSync(
    fileURLToPath(new URL('../../db/src/schema.ts', import.meta.url)),
    'utf8',
  );
  expect(await generateSchemaTypes(db)).toBe(committed);
});
