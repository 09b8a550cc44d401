/** The audit log's filters as they travel in the address: ids, an action and dates, all checked. */
export interface AuditQuery {
  student?: string;
  user?: string;
  action?: string;
  from?: string;
  to?: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ACTION = /^[a-z0-9_.]{1,100}$/;

/** A real 'YYYY-MM-DD' date (so not 30 February). */
export function isRealDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const ms = Date.parse(`${value}T00:00:00Z`);
  return !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 10) === value;
}

/** The filters in `params`, with what is wrong with any of them. */
export function readAuditQuery(params: URLSearchParams): { query: AuditQuery; problems: string[] } {
  const get = (name: string) => params.get(name)?.trim() ?? '';
  const query: AuditQuery = {};
  const problems: string[] = [];
  if (UUID.test(get('student'))) query.student = get('student').toLowerCase();
  if (UUID.test(get('user'))) query.user = get('user').toLowerCase();
  const action = get('action').toLowerCase();
  if (action) {
    if (ACTION.test(action)) query.action = action;
    else problems.push('An action is written like view.attendance, or view. for every view.');
  }
  for (const [name, label] of [
    ['from', 'From'],
    ['to', 'To'],
  ] as const) {
    const value = get(name);
    if (!value) continue;
    if (isRealDate(value)) query[name] = value;
    else problems.push(`The “${label}” date is not a real date.`);
  }
  if (query.from && query.to && query.from > query.to) {
    problems.push('The “To” date must be on or after the “From” date.');
    delete query.to;
  }
  return { query, problems };
}

/** The router's input for the filters. */
export function routerFilters(query: AuditQuery) {
  return {
    studentId: query.student,
    userId: query.user,
    action: query.action,
    from: query.from,
    to: query.to,
  };
}

/** The filters as a query string, with anything extra (a page number). */
export function auditQueryString(query: AuditQuery, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries({ ...query, ...extra })) {
    if (value) params.set(key, value);
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}
