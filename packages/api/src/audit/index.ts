// What other capabilities may use from audit/; anything else here is its own business.
export { auditActionLabel, compactDetails, findStudentsByName } from './log';
