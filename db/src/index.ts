export {
  createDb,
  databaseUrlProblem,
  redact,
  DEFAULT_DATA_DIR,
  embeddedDatabaseOf,
  embeddedDirOf,
  type Database,
  type CreateDbOptions,
} from './client';
export {
  EmbeddedDatabaseInUse,
  commandSocketPath,
  otherHolderOf,
  ownTokenFor,
  type EmbeddedHolder,
} from './embedded-lock';
export { backupEmbedded, restoreEmbedded } from './embedded-backup';
export { prepareStatementsOf } from './prepared-statements';
export { isDatabaseUnavailable } from './unreachable';
export { openWhenReachable, type WaitOptions } from './wait-for-database';
export { migrateToLatest, migrateDown } from './migrate';
export { recordAudit, type AuditEntry } from './audit';
export { loadSettings, settingsColumnsOf, settingsOf, type Settings } from './settings';
export { schoolDate } from './school-date';
export type * from './schema';
