import { adminAccessRouter } from './access/admin-router';
import { adminChangeRequestsRouter } from './change-requests/admin-router';
import { adminStudentsRouter } from './students/admin-router';
import { adminContactsRouter } from './students/contacts-router';
import { adminStaffRouter } from './staff/router';
import { adminSettingsRouter } from './settings/router';
import { adminImportsRouter } from './imports/router';
import { adminRegistersRouter } from './attendance/registers-router';
import { adminNoticesRouter } from './notices/admin-router';
import { adminReportsRouter } from './reports/admin-router';
import { adminAuditRouter } from './audit/router';
import { adminInformationRequestsRouter } from './records/router';
import { adminPolicyRouter } from './aup/admin-router';
import { restrictionsRouter } from './access/restrictions-router';
import { outboxRouter } from './email/outbox-router';
import { staffHomeRouter } from './staff-home/router';
import { adminAbsenceRouter } from './absence/router';
import { adminMessagesRouter } from './messages/router';
import { apiTokensAdminRouter } from './api-tokens';
import { router } from './core';

export const adminRouter = router({
  access: adminAccessRouter,
  policy: adminPolicyRouter,
  restrictions: restrictionsRouter,
  changeRequests: adminChangeRequestsRouter,
  contacts: adminContactsRouter,
  staff: adminStaffRouter,
  settings: adminSettingsRouter,
  imports: adminImportsRouter,
  registers: adminRegistersRouter,
  notices: adminNoticesRouter,
  reports: adminReportsRouter,
  audit: adminAuditRouter,
  informationRequests: adminInformationRequestsRouter,
  students: adminStudentsRouter,
  outbox: outboxRouter,
  home: staffHomeRouter,
  absenceReports: adminAbsenceRouter,
  messages: adminMessagesRouter,
  apiTokens: apiTokensAdminRouter,
});
