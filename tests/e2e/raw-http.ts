import http from 'node:http';

export interface RawAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/**
 * Sends a request's headers and at most `body`, which may be less than the Content-Length they
 * declare, or an unfinished chunked body (unless `end`), and waits `timeoutMs` for an answer. A
 * server that reads a body before refusing it never answers such a request: 'no answer'. With
 * `rest`, the rest of the body follows after a pause, as from a slow client.
 */
export function sendPartly(
  url: string,
  options: {
    headers: http.OutgoingHttpHeaders;
    body?: Buffer;
    end?: boolean;
    rest?: { afterMs: number; body: Buffer };
    timeoutMs?: number;
  },
): Promise<RawAnswer | 'no answer'> {
  return new Promise((resolve, reject) => {
    let answered = false;
    const request = http.request(url, { method: 'POST', headers: options.headers });
    const timer = setTimeout(() => {
      answered = true;
      request.destroy();
      resolve('no answer');
    }, options.timeoutMs ?? 5_000);
    request.on('response', (response) => {
      answered = true;
      clearTimeout(timer);
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => {
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body });
        request.destroy();
      });
    });
    // Once answered, the server may close the connection on the rest of the body: that is the point.
    request.on('error', (error) => {
      if (!answered) {
        clearTimeout(timer);
        reject(error);
      }
    });
    request.flushHeaders();
    if (options.body) request.write(options.body);
    if (options.end) request.end();
    const rest = options.rest;
    if (rest) setTimeout(() => request.end(rest.body), rest.afterMs);
  });
}
