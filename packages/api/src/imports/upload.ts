import { z } from 'zod';
import { AppError } from '../core';
import { MAX_IMPORT_BYTES, type ImportFile } from './types';

/*
 * How an import's files travel over tRPC, for the office's import page and an API token alike
 * (issue 15): JSON, each file base64-encoded, all of them together at most MAX_IMPORT_BYTES.
 */

/** The most an upload may hold, all files together. */
export const MAX_BASE64_CHARS = Math.ceil(MAX_IMPORT_BYTES / 3) * 4;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

export const importFiles = z
  .array(
    z.object({
      name: z
        .string()
        .trim()
        .min(1, 'Each file needs a name.')
        .max(200, 'A file name can be at most 200 characters.'),
      base64: z
        .string()
        .max(MAX_BASE64_CHARS, 'The files come to more than 20 MB, the most one import takes.')
        .regex(BASE64, 'A file did not arrive whole: please choose it again.'),
    }),
    'Choose at least one file to import.',
  )
  .min(1, 'Choose at least one file to import.')
  .max(50, 'Choose at most 50 files, or put them in one zip file.');

export function decodeFiles(files: z.infer<typeof importFiles>): ImportFile[] {
  const decoded = files.map((f) => ({ name: f.name, data: Buffer.from(f.base64, 'base64') }));
  const total = decoded.reduce((sum, f) => sum + f.data.length, 0);
  if (total > MAX_IMPORT_BYTES) {
    const mb = (total / 1024 / 1024).toFixed(1);
    throw new AppError(
      'bad_input',
      `The files come to ${mb} MB; one import takes at most 20 MB. Zip them, or import them in parts.`,
    );
  }
  return decoded.map((f) => ({ name: f.name, data: new Uint8Array(f.data) }));
}
