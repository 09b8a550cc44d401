// Compresses the portal's text responses (pages, JSON, CSS, JavaScript, SVG) with brotli or gzip,
// whichever the browser asks for. Plain JavaScript because serve.js, a plain Node server around
// adapter-node's handler, wraps every response with it before the handler answers.
//
// Static files under /_app come precompressed from the build (adapter-node's `precompress`): sirv
// answers them with Content-Encoding already set, so they pass through untouched, as does anything
// already compressed (PDFs, images, zips), anything under ~1 KB and anything marked no-transform.
import zlib from 'node:zlib';

/** Smaller than this, a response is sent as it is: compressing it saves next to nothing. */
export const MIN_COMPRESSIBLE_BYTES = 1024;

/** Types worth compressing: text of every kind, JSON, JavaScript, XML and SVG. */
const COMPRESSIBLE =
  /^(?:text\/(?!event-stream)[\w.+-]+|application\/(?:json|javascript|ecmascript|xml|manifest\+json|[\w.-]+\+(?:json|xml))|image\/svg\+xml)$/;

/**
 * Whether a response of this Content-Type is text worth compressing. PDFs, images, zips, fonts
 * and other binary files are compressed already (or nearly so): never.
 *
 * @param {string | number | string[] | undefined} contentType
 * @returns {boolean}
 */
export function isCompressibleType(contentType) {
  if (typeof contentType !== 'string') return false;
  const type = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  return COMPRESSIBLE.test(type);
}

/**
 * The encoding to answer with for this Accept-Encoding: `br` or `gzip` when the browser accepts
 * it (brotli first when both are equally welcome), else null for no compression. `q=0` refuses an
 * encoding; `*` stands for any encoding not named.
 *
 * @param {string | string[] | undefined} acceptEncoding
 * @returns {'br' | 'gzip' | null}
 */
export function chooseEncoding(acceptEncoding) {
  const header = [acceptEncoding ?? ''].flat().join(',');
  /** @type {Map<string, number>} */
  const weights = new Map();
  for (const part of header.split(',')) {
    const [name = '', ...params] = part.split(';').map((piece) => piece.trim().toLowerCase());
    if (!name) continue;
    const q = params.find((param) => param.startsWith('q='));
    const weight = q === undefined ? 1 : Number(q.slice(2));
    weights.set(name === 'x-gzip' ? 'gzip' : name, Number.isFinite(weight) ? weight : 0);
  }
  const weightOf = (/** @type {string} */ name) => weights.get(name) ?? weights.get('*') ?? 0;
  const br = weightOf('br');
  const gzip = weightOf('gzip');
  if (br > 0 && br >= gzip) return 'br';
  if (gzip > 0) return 'gzip';
  return null;
}

/**
 * Adds `Accept-Encoding` to a Vary header's value, once.
 *
 * @param {string | number | string[] | undefined} vary
 * @returns {string}
 */
export function varyWithAcceptEncoding(vary) {
  const names = [vary ?? '']
    .flat()
    .join(',')
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  if (names.some((name) => name === '*' || name.toLowerCase() === 'accept-encoding')) {
    return names.join(', ');
  }
  return [...names, 'Accept-Encoding'].join(', ');
}

/**
 * How to answer one response, decided when its headers go out: with which encoding, or none.
 * Every compressible response says `Vary: Accept-Encoding`, compressed or not, so that a cache
 * never hands a gzip body to a browser that did not ask for one (or the other way round).
 *
 * @param {{
 *   method: string | undefined;
 *   status: number;
 *   acceptEncoding: string | string[] | undefined;
 *   header: (name: string) => string | number | string[] | undefined;
 * }} response
 * @returns {{ vary: boolean; encoding: 'br' | 'gzip' | null }}
 */
export function decideCompression({ method, status, acceptEncoding, header }) {
  const none = { vary: false, encoding: null };
  if (header('content-encoding') !== undefined) return none;
  if (!isCompressibleType(header('content-type'))) return none;
  const cacheControl = String(header('cache-control') ?? '');
  if (/(?:^|,)\s*no-transform\s*(?:,|$)/i.test(cacheControl)) return none;
  // No body (HEAD, 204, 304), a part of a file (206) or a body under the threshold: as it is.
  const noBody = method === 'HEAD' || status < 200 || status === 204 || status === 304;
  const length = header('content-length');
  const small = length !== undefined && Number(length) < MIN_COMPRESSIBLE_BYTES;
  if (noBody || status === 206 || header('content-range') !== undefined || small) {
    return { vary: true, encoding: null };
  }
  return { vary: true, encoding: chooseEncoding(acceptEncoding) };
}

/**
 * A compressor that flushes after every chunk written to it, so that a page SvelteKit streams
 * (its promises resolving one by one) reaches the browser part by part instead of stalling in
 * the compressor's buffer until the end.
 *
 * @param {'br' | 'gzip'} encoding
 * @param {number | undefined} length the uncompressed size, when known
 * @returns {zlib.BrotliCompress | zlib.Gzip}
 */
export function createEncoder(encoding, length) {
  if (encoding === 'gzip') return zlib.createGzip({ flush: zlib.constants.Z_SYNC_FLUSH });
  return zlib.createBrotliCompress({
    flush: zlib.constants.BROTLI_OPERATION_FLUSH,
    params: {
      // Quality 11, the default, costs tens of milliseconds a page; 5 keeps most of the saving.
      [zlib.constants.BROTLI_PARAM_QUALITY]: 5,
      [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT,
      ...(length ? { [zlib.constants.BROTLI_PARAM_SIZE_HINT]: length } : {}),
    },
  });
}

/**
 * Sets headers given to writeHead as an object or a flat/paired list on the response itself, so
 * the decision sees them and writeHead can then be called with the status alone.
 *
 * @param {import('node:http').ServerResponse} res
 * @param {unknown} headers
 */
function applyHeaders(res, headers) {
  if (!headers || typeof headers !== 'object') return;
  /** @type {[string, unknown][]} */
  let pairs;
  if (Array.isArray(headers)) {
    pairs = [];
    if (Array.isArray(headers[0])) {
      for (const [name, value] of headers) pairs.push([String(name), value]);
    } else {
      for (let i = 0; i + 1 < headers.length; i += 2)
        pairs.push([String(headers[i]), headers[i + 1]]);
    }
  } else {
    pairs = Object.entries(headers);
  }
  /** @type {Map<string, { name: string; values: string[] }>} */
  const merged = new Map();
  for (const [name, value] of pairs) {
    if (value === undefined) continue;
    const entry = merged.get(name.toLowerCase()) ?? { name, values: [] };
    entry.values.push(...[value].flat().map(String));
    merged.set(name.toLowerCase(), entry);
  }
  for (const { name, values } of merged.values()) {
    res.setHeader(name, values.length === 1 ? /** @type {string} */ (values[0]) : values);
  }
}

/**
 * Compresses this response when the request and the response allow it (see decideCompression).
 * Call before the handler answers: it wraps the response's writeHead, write, end and its 'drain'
 * listeners, so code that writes a response (SvelteKit, sirv, a plain `res.end`) needs no change.
 * Back-pressure holds: `write` says false while the compressor is full, and 'drain' fires when
 * it has room again.
 *
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 */
export function compressResponse(req, res) {
  const writeHead = res.writeHead;
  const write = res.write;
  const end = res.end;
  const on = res.on;
  const removeListener = res.removeListener;
  /** @type {zlib.BrotliCompress | zlib.Gzip | null} */
  let encoder = null;
  let decided = false;

  /** Pipes the compressor's output into the response, pausing while the socket is full. */
  function start(/** @type {'br' | 'gzip'} */ encoding, /** @type {number | undefined} */ length) {
    const stream = createEncoder(encoding, length);
    stream.on('data', (/** @type {Buffer} */ chunk) => {
      if (!write.call(res, chunk)) {
        stream.pause();
        // The socket's own 'drain', not the compressor's (which `res.on` now stands for).
        const resume = () => {
          removeListener.call(res, 'drain', resume);
          stream.resume();
        };
        on.call(res, 'drain', resume);
      }
    });
    stream.on('end', () => end.call(res));
    stream.on('error', (error) => res.destroy(error));
    // The browser went away: free the compressor.
    on.call(res, 'close', () => stream.destroy());
    return stream;
  }

  /** @type {typeof res.writeHead} */
  const wrappedWriteHead = function (
    /** @type {number} */ statusCode,
    /** @type {any[]} */ ...rest
  ) {
    if (!decided) {
      decided = true;
      const statusMessage = typeof rest[0] === 'string' ? rest.shift() : undefined;
      applyHeaders(res, rest[0]);
      const header = (/** @type {string} */ name) => res.getHeader(name);
      const decision = decideCompression({
        method: req.method,
        status: statusCode,
        acceptEncoding: req.headers['accept-encoding'],
        header,
      });
      if (decision.vary) res.setHeader('vary', varyWithAcceptEncoding(res.getHeader('vary')));
      if (decision.encoding) {
        const length = Number(res.getHeader('content-length')) || undefined;
        res.setHeader('content-encoding', decision.encoding);
        res.removeHeader('content-length');
        // The compressed bytes differ from the ones a strong validator named.
        const etag = res.getHeader('etag');
        if (typeof etag === 'string' && !etag.startsWith('W/')) res.setHeader('etag', `W/${etag}`);
        encoder = start(decision.encoding, length);
      }
      return statusMessage === undefined
        ? writeHead.call(res, statusCode)
        : writeHead.call(res, statusCode, statusMessage);
    }
    return writeHead.call(res, statusCode, ...rest);
  };
  res.writeHead = wrappedWriteHead;

  /** @type {any} */ (res).write = function (
    /** @type {any} */ chunk,
    /** @type {any} */ encoding,
    /** @type {any} */ callback,
  ) {
    if (!res.headersSent && !decided) res.writeHead(res.statusCode);
    if (!encoder) return write.call(res, chunk, encoding, callback);
    return encoder.write(chunk, encoding, callback);
  };

  /** @type {any} */ (res).end = function (
    /** @type {any} */ chunk,
    /** @type {any} */ encoding,
    /** @type {any} */ callback,
  ) {
    if (typeof chunk === 'function') [chunk, encoding, callback] = [undefined, undefined, chunk];
    if (typeof encoding === 'function') [encoding, callback] = [undefined, encoding];
    if (!res.headersSent && !decided) {
      // A body handed to end() alone has a known size: small ones go out as they are.
      if (chunk !== undefined && chunk !== null && res.getHeader('content-length') === undefined) {
        res.setHeader('content-length', Buffer.byteLength(chunk, encoding));
      }
      res.writeHead(res.statusCode);
    }
    if (!encoder) return end.call(res, chunk, encoding, callback);
    if (callback) res.once('finish', callback);
    if (chunk !== undefined && chunk !== null) encoder.end(chunk, encoding);
    else encoder.end();
    return res;
  };

  // Whoever waits for 'drain' after a write said false waits for the compressor, which is what
  // they wrote to; the compressor itself waits for the socket (above).
  /** @type {any} */ (res).on = /** @type {any} */ (res).addListener = function (
    /** @type {string | symbol} */ event,
    /** @type {(...args: any[]) => void} */ listener,
  ) {
    if (event === 'drain' && encoder) {
      encoder.on('drain', listener);
      return res;
    }
    return on.call(res, event, listener);
  };
  /** @type {any} */ (res).removeListener = /** @type {any} */ (res).off = function (
    /** @type {string | symbol} */ event,
    /** @type {(...args: any[]) => void} */ listener,
  ) {
    if (event === 'drain' && encoder) encoder.removeListener('drain', listener);
    return removeListener.call(res, event, listener);
  };
}
