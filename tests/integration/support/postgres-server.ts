/** The migrated database every test file's own database is copied from. */
export const TEMPLATE_DATABASE = 'schoolgate_test_template';

/** The same server address with another database name. */
export function serverUrlFor(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}
