import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { caller, load as loadFromRouter } from '$lib/server/router';
import { readAuditQuery, routerFilters } from '../filters';

/**
 * The filtered audit log as a CSV download (P10): a byte-order mark so spreadsheets read the names
 * as UTF-8, every formula-like cell already made plain text by the router, never cached.
 */
export const GET: RequestHandler = async (event) => {
  const { query, problems } = readAuditQuery(event.url.searchParams);
  if (problems.length > 0) error(400, problems.join(' '));
  const file = await loadFromRouter(event, () =>
    caller(event).admin.audit.exportCsv(routerFilters(query)),
  );
  const body = Buffer.from(`\uFEFF${file.csv}`, 'utf8');
  const headers: Record<string, string> = {
    'Content-Type': 'text/csv; charset=utf-8',
    'Content-Length': String(body.length),
    'Content-Disposition': `attachment; filename="${file.fileName.replace(/[^A-Za-z0-9._-]/g, '_')}"`,
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  };
  if (file.truncated) headers['X-Export-Truncated'] = 'true';
  return new Response(new Uint8Array(body), { headers });
};
