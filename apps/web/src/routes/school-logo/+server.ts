import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { caller } from '$lib/server/router';

const IMAGE_TYPES = new Set(['image/png', 'image/jpeg']);

/** The school's logo, as the administrator uploaded it (a PNG or JPEG; never SVG). */
export const GET: RequestHandler = async (event) => {
  const logo = await caller(event).school.logo();
  if (!logo || !IMAGE_TYPES.has(logo.contentType)) error(404, 'The school has no logo.');
  const bytes = Buffer.from(logo.data, 'base64');
  return new Response(new Uint8Array(bytes), {
    headers: {
      'Content-Type': logo.contentType,
      'Content-Length': String(bytes.length),
      'X-Content-Type-Options': 'nosniff',
      'Content-Security-Policy': "default-src 'none'",
      'Last-Modified': new Date(logo.updatedAt).toUTCString(),
      'Cache-Control': 'public, max-age=300',
    },
  });
};
