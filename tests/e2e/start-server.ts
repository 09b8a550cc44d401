// Starts the built portal for the end-to-end tests on a database of its own, made afresh each run:
// a new PGlite directory by default, or a new database on the server named by TEST_DATABASE_URL.
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const root = fileURLToPath(new URL('../../', import.meta.url));
const serverUrl = process.env.TEST_DATABASE_URL;

if (serverUrl) {
  const name = 'schoolgate_e2e';
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

process.argv.push('--demo');
await import(new URL('../../apps/web/serve.js', import.meta.url).href);
