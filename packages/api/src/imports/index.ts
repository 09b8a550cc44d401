// What other capabilities may use from imports/; anything else here is its own business.
export { parseCsv } from './csv';
export { IMPORTERS } from './registry';
export { runImport } from './run-import';
export type { ImportResult } from './run-import';
export { IMPORT_KINDS } from './types';
export type { ImportFile, ImportKind } from './types';
