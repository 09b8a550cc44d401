import { adminAccessRouter } from './admin-access';
import { adminChangeRequestsRouter } from './admin-change-requests';
import { adminStudentsRouter } from './admin-students';
import { adminContactsRouter } from './admin-contacts';
import { adminStaffRouter } from './admin-staff';
import { adminSettingsRouter } from './admin-settings';
import { adminImportsRouter } from './admin-imports';
import { adminRegistersRouter } from './admin-registers';
import { adminNoticesRouter } from './admin-notices';
import { adminReportsRouter } from './admin-reports';
import { adminAuditRouter } from './admin-audit';
import { adminInformationRequestsRouter } from './admin-information-requests';
import { adminPolicyRouter } from './admin-policy';
import { restrictionsRouter } from './restrictions';
import { outboxRouter } from './outbox';
import { router } from '../trpc';

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
});
