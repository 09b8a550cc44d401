import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { caller, load as loadFromRouter } from '$lib/server/router';

/**
 * The report exactly as a parent would download it, for staff to check: personal data, so never
 * cached and never sniffed as anything else. The file name names only the cycle (P10).
 */
export const GET: RequestHandler = async (event) => {
  const file = await loadFromRouter(event, () =>
    caller(event).admin.reports.preview({ reportId: event.params.reportId }),
  );
  if (file.cycleId !== event.params.cycleId) error(404, 'We could not find that report.');
  const body = Buffer.from(file.data, 'base64');
  return new Response(body, {
    headers: {
      'Content-Type': 'application/pdf',
      'Content-Length': String(body.length),
      'Content-Disposition': `attachment; filename="${file.fileName}"`,
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  });
};
