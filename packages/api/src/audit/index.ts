// What other capabilities may use from audit/; anything else here is its own business.
export {
  auditActionLabel,
  compactDetails,
  filterDetails,
  findStudentsByName,
  readAuditEntries,
} from './log';
export type { AuditEntryView } from './log';
// CSV that is safe to open in a spreadsheet, for other capabilities' downloads too.
export { toCsv } from './csv';
