import type { RequestHandler } from './$types';
import { subjectAccessDownload } from '../../download';

/** /admin/information-requests/export/student/<id>.pdf or .json */
export const GET: RequestHandler = (event) => subjectAccessDownload(event, 'student');
