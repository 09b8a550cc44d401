// Starts the built portal for the end-to-end tests on a database of its own, made afresh each run:
// a new PGlite directory by default, or a new database on the server named by TEST_DATABASE_URL.
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { hashPassword } from '@schoolgate/auth';
import { createDb, migrateToLatest } from '@schoolgate/db';
import { seedDemoSchool } from '@schoolgate/db/demo';
import { addE2eAccounts } from './e2e-accounts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const E2E_SMTP_PORT = Number(process.env.E2E_SMTP_PORT ?? 2526);
const serverUrl = process.env.TEST_DATABASE_URL;

if (serverUrl) {
  const name = process.env.E2E_DATABASE ?? 'schoolgate_e2e';
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  await client.query(`drop database if exists ${name} with (force)`);
  await client.query(`create database ${name}`);
  await client.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  process.env.DATABASE_URL = url.toString();
} else {
  const dir = `${root}.data/e2e`;
  rmSync(dir, { recursive: true, force: true });
  process.env.DATABASE_URL = `file:${dir}`;
}

rmSync(`${root}.data/e2e-totp`, { recursive: true, force: true });

// A real SMTP server in this process: every message the portal sends is written to a folder the
// tests read, so emails travel over SMTP exactly as in production.
const mailDir = `${root}.data/e2e-mail`;
rmSync(mailDir, { recursive: true, force: true });
mkdirSync(mailDir, { recursive: true });
let received = 0;
const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  logger: false,
  onData(stream, _session, callback) {
    simpleParser(stream).then((mail) => {
      const to = [mail.to].flat().flatMap((a) => (a ? a.value.map((v) => v.address) : []));
      const file = `${mailDir}/${String(++received).padStart(4, '0')}.json`;
      // Written aside and renamed, so a test polling the folder never reads half a message.
      writeFileSync(
        `${file}.part`,
        JSON.stringify({ to, subject: mail.subject, text: mail.text, html: mail.html }),
      );
      renameSync(`${file}.part`, file);
      callback();
    }, callback);
  },
});
await new Promise<void>((resolve) => smtp.listen(E2E_SMTP_PORT, '127.0.0.1', resolve));
process.env.SMTP_URL = `smtp://127.0.0.1:${E2E_SMTP_PORT}`;

// The demo school and the tests' own accounts, before the server opens the database.
const db = createDb(process.env.DATABASE_URL);
await migrateToLatest(db);
await seedDemoSchool(db, { now: new Date(), hashPassword });
await addE2eAccounts(db);
await db.destroy();

// The double-submit tests post 20 forms at once, some doing a lot (a notice emailed to every
// parent), to check that one is kept: on a busy CI machine the default queue (4 at once, 4 s each)
// could turn some away as "busy", which is right but not what they test. busy.spec.ts tests the queue.
process.env.SCHOOLGATE_MAX_REQUESTS ??= '24';
process.argv.push('--demo');
await import(new URL('../../apps/web/serve.js', import.meta.url).href);
