import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { cookieHeader, signInOverApi } from './api-session';
import { sendPartly, type RawAnswer } from './raw-http';
import { demoAccount } from './support';

// Issue 10 item 10: every route takes at most 1 MB; only the import and notice pages take more,
// and only from office staff, decided before any of the body is read.
const MB = 1024 * 1024;
const FORM = 'application/x-www-form-urlencoded';
const MULTIPART = 'multipart/form-data; boundary=limit-test';
const attendanceExample = readFileSync(
  new URL('../../docs/imports/examples/attendance.csv', import.meta.url),
);

function expectRefused(answer: RawAnswer | 'no answer', limitMb: number): void {
  // 'no answer' means the server sat waiting for a body it should have refused.
  expect(answer).not.toBe('no answer');
  const { status, headers, body } = answer as RawAnswer;
  expect(status).toBe(413);
  expect(body).toContain(`more than this page can take at once: at most ${limitMb} MB`);
  // The rest of the body is never read: the connection closes after the answer.
  expect(headers.connection).toBe('close');
}

test('a body over 1 MB is refused with 413 from its declared length alone, before it is sent', async ({
  baseURL,
}) => {
  // Only the headers go: a server that read bodies before refusing them would never answer.
  const form = await sendPartly(`${baseURL}/signin`, {
    headers: { origin: baseURL, 'content-type': FORM, 'content-length': 25 * MB },
  });
  expectRefused(form, 1);
  expect((form as RawAnswer).headers['content-type']).toContain('text/plain');

  const api = await sendPartly(`${baseURL}/api/trpc/auth.signIn`, {
    headers: {
      'content-type': 'application/json',
      accept: 'application/json',
      'content-length': 2 * MB,
    },
  });
  expectRefused(api, 1);
  expect(JSON.parse((api as RawAnswer).body).message).toContain('at most 1 MB');
});

test('a chunked body with no length is read no further than 1 MB', async ({ baseURL }) => {
  // Just over the limit, and never finished: the answer must come without the end of the body.
  const refused = await sendPartly(`${baseURL}/request-access`, {
    headers: { origin: baseURL, 'content-type': FORM, 'transfer-encoding': 'chunked' },
    body: Buffer.alloc(MB + 1, 'a'),
  });
  expectRefused(refused, 1);

  // A small chunked body is read and handed on as it came.
  const small = await sendPartly(`${baseURL}/signin`, {
    headers: { origin: baseURL, 'content-type': FORM, 'transfer-encoding': 'chunked' },
    body: Buffer.from('identifier=nobody.here&password=Not-The-Password-1'),
    end: true,
  });
  expect(small).not.toBe('no answer');
  // The sign-in form read it: the usual refusal of a wrong password.
  expect((small as RawAnswer).status).toBeLessThan(500);
  expect((small as RawAnswer).body).toContain('Incorrect username or password.');
});

test('the import and notice pages take large files from office staff only, checked before reading', async ({
  playwright,
  baseURL,
}) => {
  const office = await playwright.request.newContext({ baseURL });
  await signInOverApi(office, demoAccount('office'));
  const parent = await playwright.request.newContext({ baseURL });
  await signInOverApi(parent, demoAccount('parent'));

  // The office: a dry run with 2 MB beside the file is read and run as usual.
  const padded = await office.post('/admin/imports/attendance?/preview', {
    headers: { origin: baseURL!, accept: 'text/html' },
    multipart: {
      files: { name: 'attendance.csv', mimeType: 'text/csv', buffer: attendanceExample },
      padding: 'x'.repeat(2 * MB),
    },
  });
  expect(padded.status()).toBe(200);
  expect(await padded.text()).toContain('Dry run');
  // More than an import takes, within the body limit: the page's own plain answer, not 413.
  const tooMuch = await office.post('/admin/imports/attendance?/preview', {
    headers: { origin: baseURL!, accept: 'text/html' },
    multipart: {
      files: { name: 'big.csv', mimeType: 'text/csv', buffer: Buffer.alloc(21 * MB, 'a') },
    },
  });
  expect(tooMuch.status()).toBe(400);
  expect(await tooMuch.text()).toContain('one import takes at most 20 MB');
  // A notice's attachment of 4.5 MB reaches the page (a preview saves nothing).
  const notice = await office.post('/admin/notices/new?/preview', {
    headers: { origin: baseURL!, accept: 'text/html' },
    multipart: {
      title: 'Limits',
      bodyMarkdown: 'A notice with a large attachment.',
      attachment: {
        name: 'letter.pdf',
        mimeType: 'application/pdf',
        buffer: Buffer.alloc(4.5 * MB, 'a'),
      },
    },
  });
  expect(notice.status()).not.toBe(413);
  expect(notice.status()).toBeLessThan(500);

  const officeCookie = await cookieHeader(office);
  const headersFor = (cookie: string, length: number) => ({
    origin: baseURL,
    cookie,
    'content-type': MULTIPART,
    'content-length': length,
  });
  // A parent, or nobody signed in, gets 1 MB on the same pages: refused before any is read.
  for (const cookie of [await cookieHeader(parent), '']) {
    for (const path of ['/admin/imports/attendance?/preview', '/admin/notices/new?/preview']) {
      expectRefused(
        await sendPartly(`${baseURL}${path}`, { headers: headersFor(cookie, 2 * MB) }),
        1,
      );
    }
  }

  // Beyond each route's own limit, even the office is refused before sending it.
  expectRefused(
    await sendPartly(`${baseURL}/admin/notices/new?/preview`, {
      headers: headersFor(officeCookie, 7 * MB),
    }),
    6,
  );
  expectRefused(
    await sendPartly(`${baseURL}/admin/imports/attendance?/preview`, {
      headers: headersFor(officeCookie, 40 * MB),
    }),
    27,
  );
  // Any other route holds the office to 1 MB as well.
  expectRefused(
    await sendPartly(`${baseURL}/admin/settings?/update`, {
      headers: headersFor(officeCookie, 2 * MB),
    }),
    1,
  );

  await office.dispose();
  await parent.dispose();
});
