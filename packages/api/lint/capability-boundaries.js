// The router package is grouped by capability (docs/decisions/0005-capability-folders.md). This rule
// keeps the folders honest: it resolves every relative import and refuses one that reaches into
// another capability's internals instead of going through that capability's index.ts.
import fs from 'node:fs';
import path from 'node:path';

const API_SRC = path.join('packages', 'api', 'src');
/** The composition root: files directly in src/ that join the capabilities' routers. */
const ROUTER_FILE = /(^|-)router\.ts$/;

function resolveImport(fromFile, specifier) {
  const base = path.resolve(path.dirname(fromFile), specifier);
  for (const candidate of [`${base}.ts`, path.join(base, 'index.ts'), base]) {
    if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate;
  }
  return null;
}

/** Where a file sits: outside the package, in the composition root, or in a capability folder. */
function placeOf(file, apiSrc) {
  const relative = path.relative(apiSrc, file);
  if (relative.startsWith('..') || path.isAbsolute(relative)) return { kind: 'outside' };
  const parts = relative.split(path.sep);
  if (parts.length === 1) return { kind: 'root', file: parts[0] };
  return { kind: 'capability', name: parts[0], inner: parts.slice(1).join('/') };
}

/** Why importing `target` from `source` is not allowed, or null when it is. */
export function boundaryViolation(source, target) {
  if (target.kind === 'outside') return null;
  if (target.kind === 'root') {
    if (source.kind === 'capability') {
      return 'A capability never imports the composition root (index.ts, root.ts, …).';
    }
    return null;
  }
  if (source.kind === 'capability' && source.name === target.name) return null;
  if (source.kind === 'capability' && source.name === 'core') {
    return `core/ is the bottom layer: it must not import the "${target.name}" capability.`;
  }
  if (target.inner === 'index.ts') return null;
  if (source.kind === 'root' && ROUTER_FILE.test(target.inner)) return null;
  return `Import "${target.name}" through its index ("${target.name}/index.ts"), not its internal file "${target.name}/${target.inner}".`;
}

/** @type {import('eslint').Rule.RuleModule} */
export const capabilityBoundaries = {
  meta: {
    type: 'problem',
    docs: { description: 'Capabilities in packages/api/src use each other only through index.ts.' },
    schema: [{ type: 'object', properties: { root: { type: 'string' } } }],
  },
  create(context) {
    const repoRoot = context.options[0]?.root ?? context.cwd;
    const apiSrc = path.resolve(repoRoot, API_SRC);
    const filename = context.filename;
    const source = placeOf(filename, apiSrc);

    function check(node) {
      const specifier = node.source?.value;
      if (typeof specifier !== 'string' || !specifier.startsWith('.')) return;
      const resolved = resolveImport(filename, specifier);
      if (!resolved) return;
      const problem = boundaryViolation(source, placeOf(resolved, apiSrc));
      if (problem) context.report({ node: node.source, message: problem });
    }

    return {
      ImportDeclaration: check,
      ExportNamedDeclaration: check,
      ExportAllDeclaration: check,
      ImportExpression: check,
    };
  },
};

export default { rules: { 'capability-boundaries': capabilityBoundaries } };
