import type { RequestHandler } from './$types';
import { caller, load as loadFromRouter } from '$lib/server/router';

/** The report as a PDF download: personal data, so never cached and never sniffed as anything else. */
export const GET: RequestHandler = async (event) => {
  const file = await loadFromRouter(event, () =>
    caller(event).reports.pdf({ studentId: event.params.id, reportId: event.params.reportId }),
  );
  const body = Buffer.from(file.data, 'base64');
  return new Response(body, {
    headers: {
      'Content-Type': 'application/pdf',
      'Content-Length': String(body.length),
      // The file name names only the cycle (P10): nothing personal.
      'Content-Disposition': `attachment; filename="${file.fileName}"`,
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  });
};
