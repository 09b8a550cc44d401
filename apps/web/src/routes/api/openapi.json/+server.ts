import { json, type RequestHandler } from '@sveltejs/kit';
import { openApiDocument } from '@schoolgate/api';

/**
 * The OpenAPI 3.1 description of what an API token can call (issue 15): public, as it names no
 * school data, only the procedures and their shapes.
 */
export const GET: RequestHandler = ({ url }) =>
  json(openApiDocument(url.origin), { headers: { 'cache-control': 'no-cache' } });
