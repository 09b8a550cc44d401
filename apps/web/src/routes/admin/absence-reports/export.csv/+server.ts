import type { RequestHandler } from './$types';
import { caller, load as loadFromRouter } from '$lib/server/router';

/**
 * Accepted absence reports for the days asked, as a CSV file in the portal's own attendance import
 * format, for the school's management system (issue 13): a byte-order mark so spreadsheets read
 * it as UTF-8, never cached. Bad dates get the router's plain-English answer.
 */
export const GET: RequestHandler = async (event) => {
  const from = event.url.searchParams.get('from') ?? '';
  const to = event.url.searchParams.get('to') ?? '';
  const file = await loadFromRouter(event, () =>
    caller(event).admin.absenceReports.exportForMis({ from, to }),
  );
  const body = Buffer.from(`\uFEFF${file.csv}`, 'utf8');
  return new Response(new Uint8Array(body), {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Length': String(body.length),
      'Content-Disposition': `attachment; filename="${file.filename.replace(/[^A-Za-z0-9._-]/g, '_')}"`,
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  });
};
