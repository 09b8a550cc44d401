import { error, type RequestEvent } from '@sveltejs/kit';
import { caller, load as loadFromRouter } from '$lib/server/router';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Everything held about a student or a parent as a download (P10, P15): personal data, so never
 * cached and never sniffed as anything else. `?request=` ties the export to a logged request in
 * the audit log.
 */
export async function subjectAccessDownload(
  event: RequestEvent<{ id: string; format: string }>,
  kind: 'student' | 'contact',
): Promise<Response> {
  const { id, format } = event.params;
  if (format !== 'pdf' && format !== 'json') error(404, 'Exports are made as PDF or JSON.');
  if (!UUID.test(id)) error(404, 'We could not find that person.');
  const request = event.url.searchParams.get('request') ?? '';
  const requestId = UUID.test(request) ? request : undefined;
  const file = await loadFromRouter(event, () =>
    kind === 'student'
      ? caller(event).admin.informationRequests.exportStudent({ studentId: id, format, requestId })
      : caller(event).admin.informationRequests.exportContact({ contactId: id, format, requestId }),
  );
  const body = Buffer.from(file.base64, 'base64');
  return new Response(new Uint8Array(body), {
    headers: {
      'Content-Type': file.contentType,
      'Content-Length': String(body.length),
      'Content-Disposition': `attachment; filename="${file.fileName.replace(/[^A-Za-z0-9._-]/g, '_')}"`,
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  });
}
