import { hashPassword } from '@schoolgate/auth';
import { migrateToLatest, type Database } from '@schoolgate/db';
import { seedDemoSchool } from '@schoolgate/db/demo';

export async function seedDemo(db: Database, out: (line: string) => void): Promise<void> {
  await migrateToLatest(db);
  const result = await seedDemoSchool(db, { now: new Date(), hashPassword });
  out(
    result.seeded
      ? `Seeded the demo school: ${result.students} students and ${result.contacts} parents/carers.`
      : 'The database already has students, so the demo school was not added.',
  );
  out('Demo sign-ins (username / password):');
  for (const account of result.accounts) {
    out(`  ${account.role.padEnd(9)} ${account.username.padEnd(16)} ${account.password}`);
  }
}
