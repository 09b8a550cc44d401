import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createDb } from '../src/client';
import { generateSchemaTypes } from '../src/codegen';
import { migrateToLatest } from '../src/migrate';

// Migrates a throwaway in-memory database and writes its types to db/src/schema.ts.
const db = createDb('memory:');
try {
  await migrateToLatest(db);
  const target = fileURLToPath(new URL('../src/schema.ts', import.meta.url));
  writeFileSync(target, await generateSchemaTypes(db));
  console.log(`Wrote ${target}`);
} finally {
  await db.destroy();
}
