import type { CsvRow } from '../csv';

/**
 * manifest.csv, the binding's control file: which OneRoster version the files are, and for each
 * file whether it is given in full (`bulk`), as changes only (`delta`, which this import cannot
 * use) or not at all (`absent`). What it says must match the files given.
 */
export interface Manifest {
  /** `oneroster.version`, or null when there is no manifest or it does not say. */
  version: string | null;
}

export const SUPPORTED_VERSIONS = ['1.1', '1.2'];

type Report = (line: number, message: string) => void;

export function readManifest(
  rows: readonly CsvRow[],
  givenFiles: ReadonlySet<string>,
  report: Report,
): Manifest {
  let version: string | null = null;
  const given = new Set([...givenFiles].map((name) => name.toLowerCase()));
  for (const row of rows) {
    const property = row.values.propertyname ?? '';
    const value = (row.values.value ?? '').trim();
    if (property === 'oneroster.version') {
      version = value;
      if (!SUPPORTED_VERSIONS.includes(value)) {
        report(
          row.line,
          `oneroster.version is "${value}": this import reads OneRoster ${SUPPORTED_VERSIONS.join(' and ')} files.`,
        );
      }
      continue;
    }
    if (!property.startsWith('file.')) continue;
    const fileName = `${property.slice('file.'.length)}.csv`;
    const kind = value.toLowerCase();
    if (kind === 'delta') {
      report(
        row.line,
        `${property} is "delta": export the roster in bulk (every record), not changes only.`,
      );
    } else if (kind === 'bulk') {
      if (!given.has(fileName.toLowerCase())) {
        report(
          row.line,
          `${property} is "bulk", but ${fileName} is not among the files given: give every file the manifest lists.`,
        );
      }
    } else if (kind === 'absent') {
      if (given.has(fileName.toLowerCase())) {
        report(
          row.line,
          `${property} is "absent", but ${fileName} was given: the manifest and the files disagree, so export them again together.`,
        );
      }
    } else {
      report(row.line, `${property} is "${value}": write "bulk", "delta" or "absent".`);
    }
  }
  return { version };
}
