export {
  createDb,
  databaseUrlProblem,
  redact,
  DEFAULT_DATA_DIR,
  type Database,
  type CreateDbOptions,
} from './client';
export { EmbeddedDatabaseInUse } from './embedded-lock';
export { isDatabaseUnavailable } from './unreachable';
export { openWhenReachable, type WaitOptions } from './wait-for-database';
export { migrateToLatest, migrateDown } from './migrate';
export { recordAudit, type AuditEntry } from './audit';
export { loadSettings, type Settings } from './settings';
export { schoolDate } from './school-date';
export type * from './schema';
