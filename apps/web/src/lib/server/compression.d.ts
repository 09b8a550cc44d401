// Types for compression.js, which serve.js imports as plain JavaScript.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { BrotliCompress, Gzip } from 'node:zlib';

type HeaderValue = string | number | string[] | undefined;

export const MIN_COMPRESSIBLE_BYTES: number;
export function isCompressibleType(contentType: HeaderValue): boolean;
export function chooseEncoding(acceptEncoding: string | string[] | undefined): 'br' | 'gzip' | null;
export function varyWithAcceptEncoding(vary: HeaderValue): string;
export function decideCompression(response: {
  method: string | undefined;
  status: number;
  acceptEncoding: string | string[] | undefined;
  header: (name: string) => HeaderValue;
}): { vary: boolean; encoding: 'br' | 'gzip' | null };
export function createEncoder(
  encoding: 'br' | 'gzip',
  length: number | undefined,
): BrotliCompress | Gzip;
export function compressResponse(req: IncomingMessage, res: ServerResponse): void;
