import type { ImportResult } from '@schoolgate/api';

type Change = ImportResult['changes'][number];

/** The first records of each kind a person reads in the terminal; --json gives them all. */
export const SHOWN_PER_KIND = 10;

const ACTIONS: Record<Change['action'], string> = {
  add: 'Add',
  change: 'Change',
  remove: 'Remove',
  curtail: 'Stop access',
  restore: 'Access returns',
};

/** One record as a line: "Change Zoë Jones1 (stu-1): forename Zoë → ZoÃ«; year group 8 → 9". */
function line(change: Change): string {
  const ref = change.ref ? ` (${change.ref})` : '';
  const fields = change.fields.map((f) =>
    change.action === 'add'
      ? `${f.field} ${f.to ?? 'none'}`
      : `${f.field} ${f.from ?? 'none'} → ${f.to ?? 'none'}`,
  );
  const details = [...fields, ...(change.reason ? [change.reason] : [])].join('; ');
  return `    ${ACTIONS[change.action]} ${change.name}${ref}${details ? `: ${details}` : ''}`;
}

/**
 * What a dry run would change, record by record and kind by kind, for a person at the terminal:
 * a year group shifted or a name decoded wrongly shows before anything is applied.
 */
export function changeLines(changes: readonly Change[]): string[] {
  const lines: string[] = [];
  const byKind = new Map<string, Change[]>();
  for (const change of changes) {
    const list = byKind.get(change.kind);
    if (list) list.push(change);
    else byKind.set(change.kind, [change]);
  }
  for (const [kind, list] of byKind) {
    lines.push(`  ${kind}:`);
    for (const change of list.slice(0, SHOWN_PER_KIND)) lines.push(line(change));
    if (list.length > SHOWN_PER_KIND) {
      lines.push(`    … and ${list.length - SHOWN_PER_KIND} more (--json lists every one).`);
    }
  }
  return lines;
}
