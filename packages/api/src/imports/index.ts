// What other capabilities may use from imports/; anything else here is its own business.
export { ACTION_LABELS, plannedChangesCsv } from './changes-csv';
export { parseCsv } from './csv';
export { IMPORTERS } from './registry';
export { runImport } from './run-import';
export type { ImportResult } from './run-import';
export { IMPORT_KINDS, MAX_IMPORT_BYTES, PLANNED_ACTIONS } from './types';
export type { ImportFile, ImportKind, PlannedChange } from './types';
export { decodeFiles, importFiles, MAX_BASE64_CHARS } from './upload';
