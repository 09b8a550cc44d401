import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  chooseEncoding,
  compressResponse,
  decideCompression,
  isCompressibleType,
  varyWithAcceptEncoding,
} from './compression.js';

describe('chooseEncoding', () => {
  it('prefers brotli, then gzip, and honours q=0 and *', () => {
    expect(chooseEncoding('gzip, deflate, br, zstd')).toBe('br');
    expect(chooseEncoding('gzip')).toBe('gzip');
    expect(chooseEncoding('x-gzip')).toBe('gzip');
    expect(chooseEncoding('br;q=0, gzip')).toBe('gzip');
    expect(chooseEncoding('br;q=0.5, gzip;q=0.9')).toBe('gzip');
    expect(chooseEncoding('*')).toBe('br');
    expect(chooseEncoding('*;q=0, identity')).toBeNull();
    expect(chooseEncoding('identity')).toBeNull();
    expect(chooseEncoding('deflate')).toBeNull();
    expect(chooseEncoding('')).toBeNull();
    expect(chooseEncoding(undefined)).toBeNull();
    expect(chooseEncoding('gzip;q=nonsense')).toBeNull();
  });
});

describe('isCompressibleType', () => {
  it('takes text, JSON, JavaScript and SVG, and leaves compressed files alone', () => {
    for (const type of [
      'text/html; charset=utf-8',
      'text/css',
      'text/javascript',
      'application/javascript',
      'application/json',
      'application/problem+json',
      'image/svg+xml',
      'text/csv; charset=utf-8',
    ]) {
      expect(isCompressibleType(type), type).toBe(true);
    }
    for (const type of [
      'application/pdf',
      'image/png',
      'image/jpeg',
      'application/zip',
      'application/gzip',
      'font/woff2',
      'application/octet-stream',
      'text/event-stream',
      undefined,
    ]) {
      expect(isCompressibleType(type), String(type)).toBe(false);
    }
  });
});

describe('varyWithAcceptEncoding', () => {
  it('adds Accept-Encoding once', () => {
    expect(varyWithAcceptEncoding(undefined)).toBe('Accept-Encoding');
    expect(varyWithAcceptEncoding('Cookie')).toBe('Cookie, Accept-Encoding');
    expect(varyWithAcceptEncoding('accept-encoding')).toBe('accept-encoding');
    expect(varyWithAcceptEncoding('*')).toBe('*');
  });
});

describe('decideCompression', () => {
  const decide = (
    headers: Record<string, string>,
    { method = 'GET', status = 200, accept = 'gzip, br' } = {},
  ) =>
    decideCompression({
      method,
      status,
      acceptEncoding: accept,
      header: (name) => headers[name],
    });
  const html = { 'content-type': 'text/html', 'content-length': '5000' };

  it('compresses a page with the encoding asked for, and says it varies', () => {
    expect(decide(html)).toEqual({ vary: true, encoding: 'br' });
    expect(decide(html, { accept: 'gzip' })).toEqual({ vary: true, encoding: 'gzip' });
    expect(decide(html, { accept: '' })).toEqual({ vary: true, encoding: null });
    // A streamed page has no length: compressed.
    expect(decide({ 'content-type': 'text/html' })).toEqual({ vary: true, encoding: 'br' });
  });

  it('leaves small, empty, partial, no-transform and already-encoded answers as they are', () => {
    expect(decide({ ...html, 'content-length': '1023' }).encoding).toBeNull();
    expect(decide(html, { method: 'HEAD' }).encoding).toBeNull();
    expect(decide(html, { status: 204 }).encoding).toBeNull();
    expect(decide(html, { status: 304 }).encoding).toBeNull();
    expect(decide(html, { status: 206 }).encoding).toBeNull();
    expect(decide({ ...html, 'content-range': 'bytes 0-99/5000' }).encoding).toBeNull();
    expect(decide({ ...html, 'cache-control': 'no-store, no-transform' })).toEqual({
      vary: false,
      encoding: null,
    });
    expect(decide({ ...html, 'content-encoding': 'gzip' })).toEqual({
      vary: false,
      encoding: null,
    });
    expect(decide({ 'content-type': 'application/pdf', 'content-length': '90000' })).toEqual({
      vary: false,
      encoding: null,
    });
  });
});

/** A server whose answers are chosen by path, each through compressResponse. */
const PAGE = `<!doctype html><p>${'Attendance: present. '.repeat(400)}</p>`;
const SMALL = '<p>Hello</p>';
const PDF = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(20_000, 'x')]);
let firstChunkWritten: () => void = () => {};
let releaseSecondChunk: () => void = () => {};

const server = http.createServer((req, res) => {
  compressResponse(req, res);
  switch (req.url) {
    case '/page':
      // As SvelteKit answers: headers set one by one, then writeHead, write, end.
      res.setHeader('content-type', 'text/html; charset=utf-8');
      res.setHeader('content-length', String(Buffer.byteLength(PAGE)));
      res.setHeader('etag', '"abc"');
      res.writeHead(200);
      res.write(PAGE);
      res.end();
      return;
    case '/small':
      res.setHeader('content-type', 'text/html');
      res.end(SMALL);
      return;
    case '/implicit':
      // No writeHead and no length: the size given to end() decides.
      res.setHeader('content-type', 'text/html');
      res.end(PAGE);
      return;
    case '/pdf':
      res.writeHead(200, { 'Content-Type': 'application/pdf', 'Content-Length': PDF.length });
      res.end(PDF);
      return;
    case '/encoded': {
      const gz = zlib.gzipSync(PAGE);
      // As sirv answers a precompressed file: the headers given to writeHead.
      res.writeHead(200, {
        'Content-Type': 'text/javascript',
        'Content-Encoding': 'gzip',
        'Content-Length': gz.length,
      });
      res.end(gz);
      return;
    }
    case '/stream':
      res.setHeader('content-type', 'text/html');
      res.writeHead(200);
      res.write(`<p>first ${'a'.repeat(2000)}</p>`);
      firstChunkWritten();
      new Promise<void>((resolve) => (releaseSecondChunk = resolve)).then(() =>
        res.end('<p>second</p>'),
      );
      return;
    case '/large':
      // Piped, as sirv streams a file: back-pressure through 'drain'.
      res.setHeader('content-type', 'text/plain');
      Readable.from(
        (function* () {
          for (let i = 0; i < 2000; i += 1) yield `line ${i} ${Math.random()}\n`.repeat(50);
        })(),
      ).pipe(res);
      return;
    default:
      res.statusCode = 404;
      res.end('Not found');
  }
});
let base = '';

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

interface Answer {
  headers: http.IncomingHttpHeaders;
  raw: Buffer;
}

function get(path: string, acceptEncoding?: string, method = 'GET'): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = http.request(`${base}${path}`, {
      method,
      headers: acceptEncoding === undefined ? {} : { 'accept-encoding': acceptEncoding },
    });
    request.on('response', (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ headers: response.headers, raw: Buffer.concat(chunks) }));
      response.on('error', reject);
    });
    request.on('error', reject);
    request.end();
  });
}

const decode = ({ headers, raw }: Answer) =>
  headers['content-encoding'] === 'br'
    ? zlib.brotliDecompressSync(raw).toString()
    : headers['content-encoding'] === 'gzip'
      ? zlib.gunzipSync(raw).toString()
      : raw.toString();

describe('compressResponse', () => {
  it('sends a page in brotli or gzip as asked, and plain without Accept-Encoding', async () => {
    const br = await get('/page', 'gzip, deflate, br');
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['vary']).toBe('Accept-Encoding');
    expect(br.headers['content-length']).toBeUndefined();
    expect(br.headers['etag']).toBe('W/"abc"');
    expect(br.raw.length).toBeLessThan(PAGE.length / 10);
    expect(decode(br)).toBe(PAGE);

    const gzip = await get('/page', 'gzip');
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(decode(gzip)).toBe(PAGE);

    const plain = await get('/page');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers['vary']).toBe('Accept-Encoding');
    expect(plain.headers['content-length']).toBe(String(PAGE.length));
    expect(plain.raw.toString()).toBe(PAGE);
  });

  it('knows the size of a body handed to end()', async () => {
    const small = await get('/small', 'br');
    expect(small.headers['content-encoding']).toBeUndefined();
    expect(small.raw.toString()).toBe(SMALL);
    const page = await get('/implicit', 'br');
    expect(page.headers['content-encoding']).toBe('br');
    expect(decode(page)).toBe(PAGE);
  });

  it('never compresses a PDF or an answer already encoded', async () => {
    const pdf = await get('/pdf', 'br, gzip');
    expect(pdf.headers['content-encoding']).toBeUndefined();
    expect(pdf.headers['content-length']).toBe(String(PDF.length));
    expect(pdf.raw.equals(PDF)).toBe(true);
    const encoded = await get('/encoded', 'br, gzip');
    expect(encoded.headers['content-encoding']).toBe('gzip');
    expect(decode(encoded)).toBe(PAGE);
  });

  it('answers HEAD without a body or an encoding', async () => {
    const head = await get('/page', 'br', 'HEAD');
    expect(head.headers['content-encoding']).toBeUndefined();
    expect(head.raw.length).toBe(0);
  });

  it('delivers each streamed chunk as it is written, not at the end', async () => {
    const written = new Promise<void>((resolve) => (firstChunkWritten = resolve));
    for (const encoding of ['br', 'gzip'] as const) {
      const text = await new Promise<string>((resolve, reject) => {
        const request = http.request(`${base}/stream`, {
          headers: { 'accept-encoding': encoding },
        });
        request.on('response', (response) => {
          expect(response.headers['content-encoding']).toBe(encoding);
          const decoder = encoding === 'br' ? zlib.createBrotliDecompress() : zlib.createGunzip();
          let seen = '';
          decoder.on('data', (chunk: Buffer) => {
            seen += chunk.toString();
            // The first part arrived while the second is still held back by the server.
            if (seen.includes('</p>') && !seen.includes('second')) releaseSecondChunk();
          });
          decoder.on('end', () => resolve(seen));
          decoder.on('error', reject);
          response.pipe(decoder);
        });
        request.on('error', reject);
        request.end();
      });
      expect(text).toBe(`<p>first ${'a'.repeat(2000)}</p><p>second</p>`);
    }
    await written;
  });

  it('streams a large body through with back-pressure', async () => {
    const answer = await get('/large', 'gzip');
    expect(answer.headers['content-encoding']).toBe('gzip');
    const text = decode(answer);
    expect(text.split('\n').length).toBe(2000 * 50 + 1);
    expect(text.startsWith('line 0 ')).toBe(true);
  });
});
