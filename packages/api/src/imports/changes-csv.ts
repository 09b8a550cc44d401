import { toCsv } from '../audit';
import type { PlannedChange } from './types';

/** How each action reads in the list staff download. */
export const ACTION_LABELS: Record<PlannedChange['action'], string> = {
  add: 'Add',
  change: 'Change',
  remove: 'Remove',
  curtail: 'Stop access',
  restore: 'Access returns',
};

/**
 * The dry run's full list of changes as CSV, one line per field that changes (a record with no
 * field, such as a curtailment, has one line), so a spreadsheet can filter by field, say every
 * "year group". Cells that a spreadsheet would read as a formula are made plain text (`toCsv`):
 * the names and emails come from a file anyone could have edited.
 */
export function plannedChangesCsv(changes: readonly PlannedChange[]): string {
  const rows: (string | null)[][] = [];
  for (const c of changes) {
    const common = [c.kind, ACTION_LABELS[c.action], c.name, c.ref];
    if (c.fields.length === 0) rows.push([...common, null, null, null, c.reason]);
    for (const f of c.fields) rows.push([...common, f.field, f.from, f.to, c.reason]);
  }
  return toCsv(['Records', 'Action', 'Name', 'sourcedId', 'Field', 'From', 'To', 'Reason'], rows);
}
