import http from 'node:http';
import zlib from 'node:zlib';
import { expect, test, type Page } from '@playwright/test';
import { BASE_URL } from './playwright.config';
import { demoAccount, signIn } from './support';

// Issue 12: pages reach the browser compressed (brotli or gzip, as it asks); PDFs never are.

interface RawAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** The bytes as they came over the wire, before any decoding. */
  raw: Buffer;
}

/** A GET with exactly these headers: no client in between that decodes the body for us. */
function rawGet(path: string, headers: http.OutgoingHttpHeaders = {}): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const request = http.get(new URL(path, BASE_URL), { headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () =>
        resolve({
          status: response.statusCode ?? 0,
          headers: response.headers,
          raw: Buffer.concat(chunks),
        }),
      );
      response.on('error', reject);
    });
    request.on('error', reject);
  });
}

function decoded({ headers, raw }: RawAnswer): string {
  const encoding = headers['content-encoding'];
  if (encoding === 'br') return zlib.brotliDecompressSync(raw).toString('utf8');
  if (encoding === 'gzip') return zlib.gunzipSync(raw).toString('utf8');
  expect(encoding).toBeUndefined();
  return raw.toString('utf8');
}

/** The signed-in browser's cookies, for a request made outside it. */
async function cookieHeader(page: Page): Promise<string> {
  const cookies = await page.context().cookies();
  return cookies.map((c) => `${c.name}=${c.value}`).join('; ');
}

test('a public page arrives in brotli or gzip as asked, and plain when not', async () => {
  const br = await rawGet('/help', { 'accept-encoding': 'gzip, deflate, br' });
  expect(br.status).toBe(200);
  expect(br.headers['content-encoding']).toBe('br');
  expect(br.headers['vary']).toMatch(/accept-encoding/i);
  expect(br.headers['content-length']).toBeUndefined();
  const fromBr = decoded(br);
  expect(fromBr).toContain('<h1>Help and guides</h1>');
  expect(fromBr.trimEnd()).toMatch(/<\/html>$/);

  const gzip = await rawGet('/help', { 'accept-encoding': 'gzip' });
  expect(gzip.headers['content-encoding']).toBe('gzip');
  expect(decoded(gzip)).toContain('<h1>Help and guides</h1>');

  const plain = await rawGet('/help');
  expect(plain.status).toBe(200);
  expect(plain.headers['content-encoding']).toBeUndefined();
  expect(plain.headers['vary']).toMatch(/accept-encoding/i);
  expect(plain.raw.toString('utf8')).toContain('<h1>Help and guides</h1>');
  expect(br.raw.length).toBeLessThan(plain.raw.length / 2);

  // The build's own scripts come precompressed from the static file server.
  const script = /\/_app\/immutable\/[^"']+\.js/.exec(plain.raw.toString('utf8'))?.[0];
  expect(script).toBeTruthy();
  const asset = await rawGet(script!, { 'accept-encoding': 'br' });
  expect(asset.status).toBe(200);
  expect(asset.headers['content-encoding']).toBe('br');
  expect(decoded(asset).length).toBeGreaterThan(0);
});

test('a child’s attendance page arrives compressed; a report PDF does not', async ({ page }) => {
  const parent = demoAccount('parent');
  await signIn(page, parent.username, parent.password);
  const amara = await page
    .getByRole('list', { name: 'My children' })
    .getByRole('link', { name: /Amara Okafor/ })
    .first()
    .getAttribute('href');
  expect(amara).toMatch(/^\/students\/[0-9a-f-]{36}$/);
  const cookie = await cookieHeader(page);

  const plain = await rawGet(`${amara}/attendance`, { cookie });
  expect(plain.status).toBe(200);
  expect(plain.headers['content-encoding']).toBeUndefined();
  const html = plain.raw.toString('utf8');
  expect(html).toContain('Amara');
  for (const encoding of ['br', 'gzip'] as const) {
    const answer = await rawGet(`${amara}/attendance`, { cookie, 'accept-encoding': encoding });
    expect(answer.status).toBe(200);
    expect(answer.headers['content-encoding']).toBe(encoding);
    expect(answer.headers['cache-control']).toBe('no-store');
    // The same page (each answer has its own nonce, so compare its shape, not every byte).
    const text = decoded(answer);
    expect(text.length).toBeGreaterThan(html.length * 0.9);
    expect(text.length).toBeLessThan(html.length * 1.1);
    expect(text.trimEnd()).toMatch(/<\/html>$/);
    expect(answer.raw.length).toBeLessThan(html.length / 4);
  }

  const reports = decoded(await rawGet(`${amara}/reports`, { cookie, 'accept-encoding': 'br' }));
  const report = new RegExp(`${amara}/reports/[0-9a-f-]{36}`).exec(reports)?.[0];
  expect(report).toBeTruthy();
  const pdf = await rawGet(`${report}/pdf`, { cookie, 'accept-encoding': 'br, gzip' });
  expect(pdf.status).toBe(200);
  expect(pdf.headers['content-type']).toBe('application/pdf');
  expect(pdf.headers['content-encoding']).toBeUndefined();
  expect(pdf.raw.subarray(0, 5).toString('latin1')).toBe('%PDF-');
});
