import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '@schoolgate/cli';
import { handleApiRequest } from '@schoolgate/api';
import type { Database } from '@schoolgate/db';
import { freshDatabase } from './support/database';
import { callerFor, contextFor, newParent, newStaff } from './support/factories';

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
    expect(refused.err).toContain('The portal refused: That API token is not valid');
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
    const answer = await run('--portal', 'http://127.0.0.1:9', '--token-file', 'token', 'whoami');
    expect(answer.code).toBe(1);
    expect(answer.err).toContain('Could not reach the portal at http://127.0.0.1:9');
  });

  it('keeps --token-file for --portal commands', async () => {
    const answer = await run('--token-file', 'token', 'migrate');
    expect(answer.code).toBe(2);
    expect(answer.err).toContain('are for commands run with --portal');
  });
});
