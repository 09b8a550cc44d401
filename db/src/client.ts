import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect, type Dialect } from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';
import pg from 'pg';
import { holdEmbeddedDatabase } from './embedded-lock';
import { prepareStatementsOf } from './prepared-statements';
import type { DB } from './schema';

export type Database = Kysely<DB>;

/** Where the embedded database lives when no URL is given. */
export const DEFAULT_DATA_DIR = '.data/pglite';

// Calendar dates stay 'YYYY-MM-DD' strings: turning them into Dates shifts them across time zones.
// 64-bit integers (ids, counts) become numbers; none of ours come near 2^53.
const DATE_OID = 1082;
const INT8_OID = 20;
const parseDate = (value: string) => value;
const parseInt8 = (value: string) => Number(value);

export interface CreateDbOptions {
  /** Fewer connections for short-lived tools; the default suits a web server. */
  poolSize?: number;
  /**
   * Send statements to a PostgreSQL server as named prepared statements (see
   * prepared-statements.ts). On unless SCHOOLGATE_PREPARED_STATEMENTS is `off`.
   */
  preparedStatements?: boolean;
}

/** How many prepared statements each server connection keeps; the portal's hot set is ~40. */
const PREPARED_PER_CONNECTION = 200;

/**
 * Opens the database named by `url`:
 * - `postgres://…` or `postgresql://…`: a PostgreSQL server through `pg`;
 * - nothing: embedded PGlite stored under `.data/pglite`;
 * - `file:PATH`: embedded PGlite stored at PATH;
 * - `memory:`: embedded PGlite held in memory (gone when the process ends).
 */
export function createDb(url?: string, options: CreateDbOptions = {}): Database {
  const opened: { embedded?: EmbeddedDatabase } = {};
  const db = new Kysely<DB>({ dialect: dialectFor(url?.trim() || undefined, options, opened) });
  if (opened.embedded) embeddedDatabases.set(db, opened.embedded);
  return db;
}

/** An embedded database kept in a folder: the PGlite behind a `Database`, for backups. */
export interface EmbeddedDatabase {
  pglite: PGlite;
  /** The folder, as an absolute path. */
  dir: string;
}

const embeddedDatabases = new WeakMap<Database, EmbeddedDatabase>();

/** The PGlite and folder behind `db`, or null for a PostgreSQL server or an in-memory database. */
export function embeddedDatabaseOf(db: Database): EmbeddedDatabase | null {
  return embeddedDatabases.get(db) ?? null;
}

/** The folder `url` names for an embedded database, or null when it names none (server, memory). */
export function embeddedDirOf(url: string | undefined): string | null {
  const value = url?.trim() || undefined;
  if (value === 'memory:' || databaseUrlProblem(value)) return null;
  if (value && !value.startsWith('file:')) return null;
  return path.resolve(value ? value.slice('file:'.length) : DEFAULT_DATA_DIR);
}

function dialectFor(
  url: string | undefined,
  options: CreateDbOptions,
  opened: { embedded?: EmbeddedDatabase },
): Dialect {
  if (url && /^postgres(ql)?:\/\//.test(url)) {
    const pool = new pg.Pool({
      connectionString: url,
      max: options.poolSize ?? 10,
      types: {
        getTypeParser: (oid: number, format?: 'text' | 'binary') => {
          if (oid === DATE_OID) return parseDate;
          if (oid === INT8_OID) return parseInt8;
          return pg.types.getTypeParser(oid, format);
        },
      },
    });
    // A connection ended by the server (a restart, pg_terminate_backend, an idle timeout) is
    // reported as an 'error' event: on the pool while it is idle, on the connection itself while
    // it is checked out (inside a transaction, between two statements). Unheard, either would end
    // the whole process. Logged once, at the connection; the statement using it, if any, fails
    // with the reason, and the pool replaces a broken connection at its next use.
    pool.on('error', () => {});
    pool.on('connect', (client) => {
      client.on('error', (error) => {
        console.error(`Schoolgate: a database connection was lost (${error.message}).`);
      });
    });
    const prepared =
      options.preparedStatements ?? process.env.SCHOOLGATE_PREPARED_STATEMENTS !== 'off';
    if (prepared) prepareStatementsOf(pool, PREPARED_PER_CONNECTION);
    return new PostgresDialect({ pool });
  }
  const pglite = openPglite(url);
  const dir = embeddedDirOf(url);
  if (dir) opened.embedded = { pglite, dir };
  return new PGliteDialect(pglite);
}

/** The type parsers both dialects share, for a PGlite opened elsewhere (a restore). */
export const PGLITE_PARSERS = { [DATE_OID]: parseDate, [INT8_OID]: parseInt8 };

function openPglite(url: string | undefined): PGlite {
  const parsers = PGLITE_PARSERS;
  if (url === 'memory:') return new PGlite({ parsers });
  const problem = databaseUrlProblem(url);
  if (problem) throw new Error(problem);
  const dir = embeddedDirOf(url)!;
  mkdirSync(dir, { recursive: true });
  const release = holdEmbeddedDatabase(dir);
  let pglite: PGlite;
  try {
    pglite = new PGlite(dir, { parsers });
  } catch (error) {
    release();
    throw error;
  }
  // Closing the database (Kysely's destroy) hands the folder back.
  const close = pglite.close.bind(pglite);
  pglite.close = async () => {
    try {
      await close();
    } finally {
      release();
    }
  };
  return pglite;
}

/** Why `url` names no database the portal can open, or null when it names one (or is empty). */
export function databaseUrlProblem(url: string | undefined): string | null {
  const value = url?.trim();
  if (
    !value ||
    /^postgres(ql)?:\/\//.test(value) ||
    value === 'memory:' ||
    value.startsWith('file:')
  ) {
    return null;
  }
  return `Unrecognised database address "${redact(value)}": use postgres://…, file:PATH or memory:.`;
}

/** Hides a password in a connection string before it reaches a message or a log. */
export function redact(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
}
