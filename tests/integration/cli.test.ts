import { spawnSync } from 'node:child_process';
import {
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '@schoolgate/cli';
import { createDb } from '@schoolgate/db';
import { DEMO_ACCOUNTS } from '@schoolgate/db/demo';

/** Runs the CLI in-process and collects what it prints. */
async function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(
    argv,
    (line) => out.push(line),
    (line) => err.push(line),
  );
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const dir = mkdtempSync(path.join(tmpdir(), 'schoolgate-cli-'));
const url = `file:${dir}`;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('schoolgate', () => {
  it('prints help with exit code 0, and usage errors with exit code 2', async () => {
    const help = await run('help');
    expect(help.code).toBe(0);
    expect(help.out).toContain('seed --demo');
    expect((await run()).code).toBe(2);
    const unknown = await run('frobnicate');
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('Unknown command "frobnicate"');
    const seedWithoutDemo = await run('seed', '--database-url', url);
    expect(seedWithoutDemo.code).toBe(2);
    expect(seedWithoutDemo.err).toContain('seed --demo');
    expect((await run('migrate', '--no-such-flag')).code).toBe(2);
  });

  it('migrates, then reports there is nothing left to do', async () => {
    const first = await run('migrate', '--database-url', url);
    expect(first).toMatchObject({ code: 0 });
    expect(first.out).toContain(
      'Applied 23 migration(s): 0001_identity, 0002_email_and_passwords, 0003_lifecycle, 0004_two_factor_and_devices, 0005_school_information, 0006_staff_section, 0007_roster_year_groups, 0008_totp_last_step, 0009_email_delivery, 0010_form_submissions, 0011_password_reminder_index, 0012_refusal_tallies, 0013_mis_curtailments, 0014_roster_school, 0017_change_request_message_optional, 0018_class_titles, 0019_public_pages, 0020_absence_reports, 0021_api_tokens, 0022_absence_times_and_record, 0023_messages, 0024_school_colour, 0026_calendar_feeds.',
    );
    const second = await run('migrate', '--database-url', url);
    expect(second.out).toContain('up to date');
  });

  it('seeds the demo school once, printing the sign-ins', async () => {
    const seeded = await run('seed', '--demo', '--database-url', url);
    expect(seeded.code).toBe(0);
    expect(seeded.out).toMatch(/Seeded the demo school: \d+ students/);
    expect(seeded.out).toContain('demo.parent');
    const again = await run('seed', '--demo', '--database-url', url);
    expect(again.out).toContain('already has students');
    const db = createDb(url);
    try {
      const users = await db.selectFrom('users').select('username').execute();
      expect(users).toHaveLength(DEMO_ACCOUNTS.length);
    } finally {
      await db.destroy();
    }
  }, 60_000);

  it('runs the scheduled jobs, keeping mail in the outbox when SMTP is not set up', async () => {
    const previous = process.env.SMTP_URL;
    delete process.env.SMTP_URL;
    try {
      const jobs = await run('jobs', 'run', '--database-url', url);
      expect(jobs.code).toBe(0);
      expect(jobs.out).toContain('Queued 0 password reminder email(s).');
      expect(jobs.out).toContain('emails stay in the outbox');
    } finally {
      if (previous !== undefined) process.env.SMTP_URL = previous;
    }
  });

  it('signs everyone out after a restore: sessions and unused reset links from the backup end', async () => {
    const now = new Date();
    const later = new Date(now.getTime() + 3_600_000);
    const db = createDb(url);
    try {
      const { id: userId } = await db
        .selectFrom('users')
        .select('id')
        .where('username', '=', 'demo.parent')
        .executeTakeFirstOrThrow();
      await db
        .insertInto('sessions')
        .values({
          id: 'a'.repeat(64),
          user_id: userId,
          created_at: now,
          last_seen_at: now,
          idle_timeout_seconds: 1800,
          expires_at: later,
        })
        .execute();
      await db
        .insertInto('account_tokens')
        .values({
          id: 'b'.repeat(64),
          user_id: userId,
          purpose: 'password_reset',
          created_at: now,
          expires_at: later,
        })
        .execute();
    } finally {
      await db.destroy();
    }

    const ended = await run('sessions', 'end-all', '--database-url', url);
    expect(ended).toMatchObject({ code: 0, err: '' });
    expect(ended.out).toContain('Ended 1 session(s) and voided 1 unused password-reset link(s)');

    const after = createDb(url);
    try {
      expect(await after.selectFrom('sessions').select('id').execute()).toEqual([]);
      const links = await after
        .selectFrom('account_tokens')
        .select('id')
        .where('purpose', '=', 'password_reset')
        .execute();
      expect(links).toEqual([]);
      const audit = await after
        .selectFrom('audit_log')
        .select('action')
        .where('action', '=', 'auth.all_sessions_ended')
        .execute();
      expect(audit).toHaveLength(1);
    } finally {
      await after.destroy();
    }
  });

  it('imports the example roster: a dry run, then --apply; bad rows exit 1 naming file:line', async () => {
    const examples = fileURLToPath(
      new URL('../../docs/imports/examples/oneroster', import.meta.url),
    );
    expect((await run('import', 'register', examples, '--database-url', url)).code).toBe(2);
    expect((await run('import', 'oneroster', '--database-url', url)).code).toBe(2);

    const dry = await run('import', 'oneroster', examples, '--partial', '--database-url', url);
    expect(dry.code).toBe(0);
    expect(dry.out).toContain('dry run, nothing written');
    expect(dry.out).toContain('Students: 2 to add, 0 to change, 0 unchanged');
    expect(dry.out).toContain('--apply');
    // Record by record, so a shifted year or a mis-decoded name shows before applying.
    expect(dry.out).toContain('What would change:');
    expect(dry.out).toMatch(/Add Maya Lindqvist \(stu-2026-0151\): .*year group 7; form 7F/);

    // --json: the same plan for tools, one JSON document and nothing else on stdout.
    const json = await run(
      'import',
      'oneroster',
      examples,
      '--partial',
      '--json',
      '--database-url',
      url,
    );
    expect(json.code).toBe(0);
    const plan = JSON.parse(json.out) as {
      applied: boolean;
      summary: { counts: Record<string, { add: number }> };
      problems: unknown[];
      changes: { kind: string; action: string; name: string; fields: unknown[] }[];
    };
    expect(plan.applied).toBe(false);
    expect(plan.problems).toEqual([]);
    expect(plan.summary.counts.Students?.add).toBe(2);
    expect(plan.changes.filter((c) => c.kind === 'Students').map((c) => c.name)).toEqual([
      'Maya Lindqvist',
      'Oliver Achterberg',
    ]);
    expect(plan.changes.find((c) => c.name === 'Maya Lindqvist')?.fields).toContainEqual({
      field: 'year group',
      from: null,
      to: '7',
    });
    expect((await run('seed', '--demo', '--json', '--database-url', url)).code).toBe(2);

    const applied = await run(
      'import',
      'oneroster',
      examples,
      '--partial',
      '--apply',
      '--database-url',
      url,
    );
    expect(applied.code).toBe(0);
    expect(applied.out).toContain('imported 9 file(s)');
    expect(applied.err).toContain('Writing students…');
    const db = createDb(url);
    try {
      const added = await db
        .selectFrom('students')
        .select(['forename', 'form', 'year_group'])
        .where('source_id', 'is not', null)
        .orderBy('forename')
        .execute();
      expect(added).toEqual([
        { forename: 'Maya', form: '7F', year_group: 7 },
        { forename: 'Oliver', form: '7F', year_group: 7 },
      ]);
      const audit = await db
        .selectFrom('audit_log')
        .select(['actor_user_id', 'user_agent'])
        .where('action', '=', 'import.oneroster')
        .executeTakeFirstOrThrow();
      expect(audit).toEqual({ actor_user_id: null, user_agent: 'schoolgate CLI' });
    } finally {
      await db.destroy();
    }

    const broken = mkdtempSync(path.join(tmpdir(), 'schoolgate-roster-'));
    try {
      for (const name of readdirSync(examples)) {
        const text = readFileSync(path.join(examples, name), 'utf8');
        writeFileSync(
          path.join(broken, name),
          name === 'demographics.csv' ? text.replace('2015-05-21', '21/05/2015') : text,
        );
      }
      const bad = await run('import', 'oneroster', broken, '--apply', '--database-url', url);
      expect(bad.code).toBe(1);
      expect(bad.out).toContain(
        'demographics.csv:3: birthDate "21/05/2015" is not a date: write dates as YYYY-MM-DD.',
      );

      // One byte of Windows-1252 in users.csv: refused where it is, with its line and column.
      const users = readFileSync(path.join(examples, 'users.csv'), 'latin1');
      writeFileSync(
        path.join(broken, 'users.csv'),
        Buffer.from(users.replace('Maya', 'Mayé'), 'latin1'),
      );
      const latin = await run('import', 'oneroster', broken, '--database-url', url);
      expect(latin.code).toBe(1);
      const column = users.split('\n')[1]!.indexOf('Maya') + 4;
      expect(latin.out).toContain(
        `users.csv:2:${column}: This file is not UTF-8: the byte 0xE9 here is not a UTF-8 character.`,
      );
    } finally {
      rmSync(broken, { recursive: true, force: true });
    }
  });

  it('refuses more than 20 MB of files, as the web page does, before reading them', async () => {
    const big = mkdtempSync(path.join(tmpdir(), 'schoolgate-big-'));
    try {
      // 26 MB that take no disk: the command must refuse on the size alone.
      writeFileSync(path.join(big, 'users.csv'), '');
      truncateSync(path.join(big, 'users.csv'), 26 * 1024 * 1024);
      const refused = await run('import', 'oneroster', big, '--database-url', url);
      expect(refused.code).toBe(1);
      expect(refused.err).toBe(
        'The files come to 26.0 MB; one import takes at most 20 MB. Zip them, or import them in parts.',
      );
    } finally {
      rmSync(big, { recursive: true, force: true });
    }
  });

  it('exits 1 with a message, and no password, when the database cannot be reached', async () => {
    const failed = await run(
      'migrate',
      '--database-url',
      'postgres://someone:s3cret@127.0.0.1:1/nowhere',
    );
    expect(failed.code).toBe(1);
    expect(failed.err).toContain('schoolgate migrate failed');
    expect(failed.err).not.toContain('s3cret');
  });
});

describe("the README's command lines, run as written", () => {
  const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
  const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
  const scratch = mkdtempSync(path.join(tmpdir(), 'schoolgate-readme-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  /** The README's line that starts with `command`, without its trailing comment. */
  const lineOf = (command: string) => {
    const line = readme.split('\n').find((l) => l.startsWith(command));
    if (!line) throw new Error(`The README no longer shows "${command}"`);
    return line.replace(/\s+#.*$/, '');
  };
  const shell = (commandLine: string, env: Record<string, string> = {}) =>
    spawnSync('bash', ['-c', commandLine], {
      cwd: repoRoot,
      encoding: 'utf8',
      env: { ...process.env, DATABASE_URL: `file:${scratch}/db`, ...env },
      timeout: 120_000,
    });

  it('prints the help through npm run and through npx, exit code 0', () => {
    for (const command of [lineOf('npm run schoolgate -- help'), 'npx schoolgate help']) {
      const result = shell(command);
      expect(result.status, command).toBe(0);
      expect(result.stdout, command).toContain('schoolgate — run and look after');
      expect(result.stdout, command).toContain('jobs run');
    }
  });

  it('migrates, seeds the demo and runs the jobs as the README shows', () => {
    const migrate = shell(lineOf('npm run schoolgate -- migrate'));
    expect(migrate.status).toBe(0);
    expect(migrate.stdout).toMatch(/Applied \d+ migration\(s\)/);
    const seed = shell(lineOf('npm run schoolgate -- seed --demo'));
    expect(seed.status).toBe(0);
    expect(seed.stdout).toMatch(/Seeded the demo school: \d+ students/);
    const jobs = shell(lineOf('npm run schoolgate -- jobs run'));
    expect(jobs.status).toBe(0);
    const endAll = shell(lineOf('npm run schoolgate -- sessions end-all'));
    expect(endAll.status).toBe(0);
    expect(endAll.stdout).toMatch(/Ended \d+ session\(s\)/);
    // Written where the command is run from: here the repository, so it is removed after.
    const copy = path.join(repoRoot, 'backup.tar.gz');
    try {
      const backup = shell(lineOf('npm run schoolgate -- backup backup.tar.gz'));
      expect(backup.status).toBe(0);
      expect(backup.stdout).toContain(`Backed up the embedded database to ${copy}`);
      const restore = shell(lineOf('npm run schoolgate -- restore backup.tar.gz'));
      expect(restore.status).toBe(0);
      expect(restore.stdout).toContain(`Restored the embedded database at ${scratch}/db`);
    } finally {
      rmSync(copy, { force: true });
    }
  }, 360_000); // six processes, each starting the embedded database

  it('refuses a database address it cannot open with one line and exit code 2, no stack trace', () => {
    const result = shell('npm run -s schoolgate -- migrate', {
      DATABASE_URL: 'mysql://someone:secret@127.0.0.1/school',
    });
    expect(result.status).toBe(2);
    expect(result.stderr.trim()).toBe(
      'Unrecognised database address "mysql://someone:***@127.0.0.1/school": use postgres://…, file:PATH or memory:.',
    );
  });
});
