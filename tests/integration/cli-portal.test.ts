import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '@schoolgate/cli';
import { handleApiRequest, TOO_MANY_REQUESTS } from '@schoolgate/api';
import type { Database } from '@schoolgate/db';
import { freshDatabase } from './support/database';
import { callerFor, contextFor, newParent, newStaff, TEST_NOW } from './support/factories';
import { rosterTables, rosterZip, studentOf } from './support/oneroster-files';

// Issue 15, item 4: the command line against a running portal, with an API token from a file,
// over real HTTP to the portal's API endpoint (a small Node server in front of it here).

let db: Database;
let server: Server;
let portal: string;
const dir = mkdtempSync(path.join(tmpdir(), 'schoolgate-cli-portal-'));
let tokenFile: string;

beforeAll(async () => {
  db = await freshDatabase();
  server = createServer((req, res) => {
    void (async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) {
        if (typeof value === 'string') headers.set(name, value);
      }
      const request = new Request(`${portal}${req.url}`, {
        method: req.method,
        headers,
        ...(req.method === 'GET' ? {} : { body: Buffer.concat(chunks) }),
      });
      const response = await handleApiRequest(
        request,
        await contextFor(db, null, { ip: '127.0.0.1' }),
      );
      res.writeHead(response.status, Object.fromEntries(response.headers));
      res.end(Buffer.from(await response.arrayBuffer()));
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  portal = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const admin = await newStaff(db, ['admin']);
  const made = await (
    await callerFor(db, admin)
  ).admin.apiTokens.create({ name: 'Cron on the school server', scopes: ['accounts:read'] });
  tokenFile = path.join(dir, 'token');
  writeFileSync(tokenFile, `${made.token}\n`, { mode: 0o600 });
  const sync = await (
    await callerFor(db, admin)
  ).admin.apiTokens.create({
    name: 'MIS sync box',
    scopes: ['roster:import', 'attendance:read'],
  });
  writeFileSync(path.join(dir, 'sync-token'), sync.token!, { mode: 0o600 });
  writeFileSync(
    path.join(dir, 'roster.zip'),
    rosterZip(rosterTables({ students: 2, prefix: 'cli' })).data,
  );
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

async function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(
    argv,
    (line) => out.push(line),
    (line) => err.push(line),
    { cwd: dir, terminal: null },
  );
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('schoolgate --portal', () => {
  it('checks its token with whoami', async () => {
    const plain = await run('--portal', portal, '--token-file', 'token', 'whoami');
    expect(plain).toMatchObject({ code: 0, err: '' });
    expect(plain.out).toMatch(/^Token "Cron on the school server": accounts:read; runs out /);
    const json = await run('--portal', portal, '--token-file', 'token', 'whoami', '--json');
    expect(JSON.parse(json.out)).toMatchObject({ name: 'Cron on the school server' });
  });

  it('lists the accounts that have not accepted the policy, as JSON for scripts', async () => {
    const parent = await newParent(db);
    const admin = await newStaff(db, ['admin']);
    await (
      await callerFor(db, admin)
    ).admin.policy.publish({
      title: 'Parent Portal Acceptable Usage Policy',
      effectiveDate: '2026-11-17',
      bodyMarkdown: 'Use it yourself only.',
    });
    const answer = await run(
      '--portal',
      portal,
      '--token-file',
      'token',
      'accounts',
      'list',
      '--not-accepted-policy',
      '--json',
    );
    expect(answer.code).toBe(0);
    const accounts = JSON.parse(answer.out) as { username: string; kind: string }[];
    expect(accounts).toContainEqual(
      expect.objectContaining({ username: parent.username, kind: 'parent' }),
    );
    const plain = await run(
      '--portal',
      portal,
      '--token-file',
      'token',
      'accounts',
      'list',
      '--not-accepted-policy',
    );
    expect(plain.out).toMatch(/^\d+ accounts have not accepted the policy in force:/);
    expect(plain.out).toContain(`  ${parent.username} (parent), last signed in never`);
  });

  it('says plainly when the portal refuses the token, with exit code 1', async () => {
    const bad = path.join(dir, 'bad-token');
    writeFileSync(bad, 'sgt_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', { mode: 0o600 });
    const refused = await run('--portal', portal, '--token-file', bad, 'whoami');
    expect(refused.code).toBe(1);
    expect(refused.err).toContain(
      'The portal did not accept the token (401): That API token is not valid',
    );
  });

  it.each([
    [['whoami'], 'Name the file holding the API token'],
    [['--token-file', 'missing', 'whoami'], 'Cannot read the token file'],
    [['--token-file', 'token', 'migrate'], '"migrate" cannot run against a portal'],
    [['--token-file', 'token', '--database-url', 'memory:', 'whoami'], 'not both'],
  ])('refuses %j with a usage error (exit code 2)', async (args, words) => {
    const answer = await run('--portal', portal, ...args);
    expect(answer.code).toBe(2);
    expect(answer.err).toContain(words);
  });

  it('refuses a token file other users can read', async () => {
    const open = path.join(dir, 'open-token');
    writeFileSync(open, 'sgt_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa');
    chmodSync(open, 0o644);
    const answer = await run('--portal', portal, '--token-file', open, 'whoami');
    expect(answer.code).toBe(2);
    expect(answer.err).toContain('can be read by other users: run chmod 600');
  });

  it('says where it could not reach the portal', async () => {
    // A port nothing listens on: one a server had a moment ago.
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const answer = await run(
      '--portal',
      `http://127.0.0.1:${port}`,
      '--token-file',
      'token',
      'whoami',
    );
    expect(answer.code).toBe(1);
    expect(answer.err).toBe(
      `Could not reach the portal at http://127.0.0.1:${port} (ECONNREFUSED): check the address, and that the portal is running.`,
    );
  });

  it('keeps --token-file for --portal commands', async () => {
    const answer = await run('--token-file', 'token', 'migrate');
    expect(answer.code).toBe(2);
    expect(answer.err).toContain('are for commands run with --portal');
    const exported = await run('export', 'attendance', '--from', '2026-11-16');
    expect(exported.code).toBe(2);
    expect(exported.err).toContain('are for commands run with --portal');
  });

  it('imports a roster: a dry run, then --apply, with exit code 0 and --json for scripts', async () => {
    const sync = ['--portal', portal, '--token-file', 'sync-token'];
    const dryRun = await run(...sync, 'import', 'oneroster', 'roster.zip');
    expect(dryRun).toMatchObject({ code: 0, err: '' });
    expect(dryRun.out).toContain('dry run, nothing written (1 file(s))');
    expect(dryRun.out).toContain('Run the same command with --apply to import.');
    expect(await db.selectFrom('import_runs').selectAll().execute()).toEqual([]);

    const applied = await run(...sync, 'import', 'oneroster', 'roster.zip', '--apply', '--json');
    expect(applied).toMatchObject({ code: 0, err: '' });
    const result = JSON.parse(applied.out) as { applied: boolean; importRunId: string };
    expect(result.applied).toBe(true);
    const runs = await db.selectFrom('import_runs').select('id').execute();
    expect(runs.map((r) => r.id)).toEqual([result.importRunId]);
    const audit = await db
      .selectFrom('audit_log')
      .select('details')
      .where('action', '=', 'import.oneroster')
      .executeTakeFirstOrThrow();
    expect(audit.details).toMatchObject({ via: 'api_token', token_name: 'MIS sync box' });
  });

  it('exports attendance as CSV for an SMS provider, or as JSON', async () => {
    const student = await db
      .selectFrom('students')
      .select('id')
      .where('source_id', '=', studentOf(1, 'cli').sourcedId)
      .executeTakeFirstOrThrow();
    await db
      .insertInto('attendance_marks')
      .values({
        student_id: student.id,
        on_date: '2026-11-16',
        session: 'AM',
        code: 'N',
        recorded_at: TEST_NOW,
      })
      .execute();
    const sync = ['--portal', portal, '--token-file', 'sync-token'];
    const range = ['--from', '2026-11-16', '--to', '2026-11-17'];
    const csv = await run(...sync, 'export', 'attendance', ...range, '--unexplained');
    expect(csv).toMatchObject({ code: 0, err: '' });
    const { givenName, familyName } = studentOf(1, 'cli');
    expect(csv.out.split('\r\n')).toEqual([
      'date,session,code,meaning,upn,forename,surname,year,form,contact_name,relationship,mobile',
      expect.stringMatching(
        new RegExp(
          `^2026-11-16,AM,N,Absent: reason not yet provided,[^,]*,${givenName},${familyName},`,
        ),
      ),
    ]);
    const json = await run(...sync, 'export', 'attendance', ...range, '--json');
    expect(json.code).toBe(0);
    expect(JSON.parse(json.out)).toEqual([
      expect.objectContaining({ date: '2026-11-16', code: 'N', session: 'AM' }),
    ]);
  });

  it('lists the audit log for some days, every page of it, newest first, or as JSON', async () => {
    const admin = await newStaff(db, ['admin']);
    // An earlier test published a policy: the administrator accepts it first.
    const first = await callerFor(db, admin);
    const policy = await first.policy.current();
    if (policy) await first.policy.accept({ versionId: policy.id });
    const made = await (
      await callerFor(db, admin)
    ).admin.apiTokens.create({ name: 'Log shipper', scopes: ['audit:read'] });
    writeFileSync(path.join(dir, 'audit-token'), made.token!, { mode: 0o600 });
    // 205 views on 3 November, more than one page of 200, and a sign-in on the 4th.
    await db
      .insertInto('audit_log')
      .values(
        Array.from({ length: 205 }, (_, i) => ({
          at: new Date(Date.UTC(2026, 10, 3, 8, 0, i)),
          action: 'view.attendance',
          actor_user_id: admin.userId,
          details: JSON.stringify({ n: i }),
        })),
      )
      .execute();
    await db
      .insertInto('audit_log')
      .values({
        at: new Date('2026-11-04T09:00:00Z'),
        action: 'auth.sign_in.succeeded',
        actor_user_id: admin.userId,
      })
      .execute();
    const log = ['--portal', portal, '--token-file', 'audit-token', 'audit', 'list'];
    const days = ['--from', '2026-11-02', '--to', '2026-11-05'];
    const json = await run(...log, ...days, '--json');
    expect(json).toMatchObject({ code: 0, err: '' });
    const entries = JSON.parse(json.out) as { action: string; details: { n?: number } }[];
    expect(entries).toHaveLength(206);
    expect(entries[0]!.action).toBe('auth.sign_in.succeeded');
    expect(entries.slice(1).map((e) => e.details.n)).toEqual(
      Array.from({ length: 205 }, (_, i) => 204 - i),
    );
    const plain = await run(...log, ...days, '--action', 'auth.sign_in.succeeded');
    expect(plain).toMatchObject({ code: 0, err: '' });
    expect(plain.out.split('\n')).toEqual([
      '1 entry, newest first:',
      expect.stringMatching(
        new RegExp(
          `^  2026-11-04T09:00:00.000Z  .*\\(${admin.username}\\): Signed in \\(auth.sign_in.succeeded\\)`,
        ),
      ),
    ]);
    const none = await run(...log, '--from', '2026-11-20', '--to', '2026-11-21', '--action', 'x.');
    expect(none).toMatchObject({ code: 0, out: '0 entries.' });
    const refused = await run(
      '--portal',
      portal,
      '--token-file',
      'token',
      'audit',
      'list',
      ...days,
    );
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/^The token may not do this \(403\): .*“audit:read”/);
    const long = await run(...log, '--from', '2026-10-01', '--to', '2026-11-05');
    expect(long.code).toBe(1);
    expect(long.err).toContain('at most 31 days');
    expect((await run(...log, '--from', '2026-11-02')).code).toBe(2);
    expect((await run('audit', 'list', '--action', 'view.')).code).toBe(2);
    expect((await run(...log, ...days, '--unexplained')).code).toBe(2);
  });

  it('says plainly when the token lacks the scope (403), with exit code 1', async () => {
    const refused = await run(
      '--portal',
      portal,
      '--token-file',
      'token',
      'export',
      'attendance',
      '--from',
      '2026-11-16',
      '--to',
      '2026-11-16',
    );
    expect(refused).toMatchObject({ code: 1, out: '' });
    expect(refused.err).toBe(
      'The token may not do this (403): This API token does not have the “attendance:read” scope.',
    );
    const range = await run(
      '--portal',
      portal,
      '--token-file',
      'sync-token',
      'export',
      'attendance',
      '--from',
      '2026-11-16',
      '--to',
      '2026-11-10',
    );
    expect(range.code).toBe(1);
    expect(range.err).toContain(
      'The portal refused: The first day must be on or before the last day.',
    );
  });

  it.each([
    [['export', 'attendance', '--to', '2026-11-16'], 'Say --from'],
    [['export', 'attendance', '--from', '16/11/2026', '--to', '2026-11-16'], 'is not a date'],
    [
      ['export', 'attendance', '--from', '2026-11-16', '--to', '2026-11-16', '--format', 'xlsx'],
      '--format is csv or json',
    ],
    [['import', 'attendance', 'roster.zip'], 'imports the roster only'],
    [['import', 'oneroster'], 'Name the files to import'],
    [['import', 'oneroster', 'missing.zip'], 'There is no file or folder'],
    [['whoami', '--apply'], '--apply is not for "whoami"'],
    [['jobs', 'run'], 'A running portal runs its own jobs'],
  ])('refuses %j with a usage error (exit code 2)', async (args, words) => {
    const answer = await run('--portal', portal, '--token-file', 'sync-token', ...args);
    expect(answer.code).toBe(2);
    expect(answer.err).toContain(words);
  });

  it('explains a 429 and a 413 in plain words, with exit code 1', async () => {
    const answered = (response: () => Response) => async (argv: string[]) => {
      const err: string[] = [];
      const code = await main(
        argv,
        () => {},
        (line) => err.push(line),
        {
          cwd: dir,
          terminal: null,
          fetch: async () => response(),
        },
      );
      return { code, err: err.join('\n') };
    };
    const limited = answered(() =>
      Response.json(
        [
          {
            error: {
              message: TOO_MANY_REQUESTS,
              code: -32029,
              data: { code: 'TOO_MANY_REQUESTS', httpStatus: 429 },
            },
          },
        ],
        { status: 429, headers: { 'retry-after': '60' } },
      ),
    );
    expect(await limited(['--portal', portal, '--token-file', 'token', 'whoami'])).toEqual({
      code: 1,
      err: `Too many requests with this token (429): ${TOO_MANY_REQUESTS}`,
    });
    const tooLarge = answered(() =>
      Response.json({ message: 'That is more than this page can take at once.' }, { status: 413 }),
    );
    const big = await tooLarge([
      '--portal',
      portal,
      '--token-file',
      'sync-token',
      'import',
      'oneroster',
      'roster.zip',
    ]);
    expect(big.code).toBe(1);
    expect(big.err).toContain('refused the request as too large (413)');
  });

  it("runs the README's cron line, as cron would, against the portal", async () => {
    const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
    const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
    const cronLine = readme.split('\n').find((l) => l.includes('export attendance'));
    if (!cronLine) throw new Error('The README no longer shows the cron line');
    const [, schedule, command] = /^(\S+ \S+ \S+ \S+ \S+)\s+(.*)$/.exec(cronLine)!;
    expect(schedule).toBe('45 9 * * 1-5');
    // Cron turns \% into %; the server's paths become this test's.
    const today = new Date().toISOString().slice(0, 10);
    const student = await db
      .selectFrom('students')
      .select('id')
      .where('source_id', '=', studentOf(2, 'cli').sourcedId)
      .executeTakeFirstOrThrow();
    await db
      .insertInto('attendance_marks')
      .values({
        student_id: student.id,
        on_date: today,
        session: 'AM',
        code: 'N',
        recorded_at: TEST_NOW,
      })
      .execute();
    const csv = path.join(dir, 'absences.csv');
    const shellLine = command!
      .replaceAll('\\%', '%')
      .replace('cd /srv/schoolgate', `cd ${repoRoot}`)
      .replace('http://localhost:3000', portal)
      .replace('/etc/schoolgate/sms-token', path.join(dir, 'sync-token'))
      .replace('/var/lib/school/absences.csv', csv);
    // Not spawnSync: the portal answering it runs in this process.
    const child = spawn('bash', ['-c', shellLine], { env: process.env });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    const lines = readFileSync(csv, 'utf8').trimEnd().split(/\r?\n/);
    expect(lines[0]).toBe(
      'date,session,code,meaning,upn,forename,surname,year,form,contact_name,relationship,mobile',
    );
    expect(lines.slice(1)).toEqual([
      expect.stringMatching(new RegExp(`^${today},AM,N,.*,${studentOf(2, 'cli').familyName},`)),
    ]);
  }, 60_000);
});
