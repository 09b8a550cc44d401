export { apiTokenIdentity, INVALID_API_TOKEN } from './authenticate';
export { apiTokensAdminRouter, toolsRouter } from './router';
export {
  API_SCOPES,
  API_SCOPE_NAMES,
  DEFAULT_TOKEN_DAYS,
  MAX_TOKEN_DAYS,
  TOKEN_PREFIX,
} from './scopes';
export type { ApiScope } from './scopes';
export { openApiDocument } from './openapi';
export { TOOL_OPERATIONS } from './operations';
export { attendanceExportCsv, MAX_EXPORT_DAYS } from './attendance-export';
export type { AttendanceExportRow } from './attendance-export';
