import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const routesDir = fileURLToPath(new URL('../../apps/web/src/routes/', import.meta.url));

export interface FormAction {
  /** The route as SvelteKit names it: '/admin/students/[id]'. */
  routeId: string;
  /** The action's name; 'default' is posted to the page itself. */
  name: string;
  /** Field names the page reads from its forms, for bodies that look like the real thing. */
  fields: string[];
}

function pageServers(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return pageServers(path);
    return entry.name === '+page.server.ts' ? [path] : [];
  });
}

/**
 * Every form action of the web app, read from the routes' source: each `+page.server.ts` that
 * exports `actions`, and the names in that object (two-space indented keys), so that a new page
 * or action is fuzzed without anyone listing it. The field names come from the file's
 * `form.get('…')` calls and helpers called as `(form, '…')`.
 */
export function formActions(): FormAction[] {
  return pageServers(routesDir)
    .sort()
    .flatMap((file) => {
      const source = readFileSync(file, 'utf8');
      const block = /export const actions[^=]*=\s*\{([\s\S]*?)\n\};/.exec(source)?.[1];
      if (!block) return [];
      const names = [...block.matchAll(/^ {2}(\w+):\s*async\b/gm)].map((m) => m[1]!);
      const fields = [
        ...new Set([
          ...[...source.matchAll(/\.get(?:All)?\('([^']+)'\)/g)].map((m) => m[1]!),
          ...[...source.matchAll(/\(\s*form\w*,\s*'([^']+)'/g)].map((m) => m[1]!),
          'submissionKey',
        ]),
      ];
      const routeId =
        '/' +
        relative(routesDir, file)
          .split('/')
          .slice(0, -1)
          .filter((part) => !/^\(.+\)$/.test(part))
          .join('/');
      return names.map((name) => ({ routeId: routeId === '/' ? '/' : routeId, name, fields }));
    });
}
