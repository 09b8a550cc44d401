import { z } from 'zod';
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
import { listOutbox, OUTBOX_STATUSES } from '../services/outbox';
import { router, staffProcedure } from '../trpc';

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
  outbox: router({
    /** The newest emails and how their delivery went; admins only. */
    list: staffProcedure()
      .input(
        z.object({
          status: z.enum(OUTBOX_STATUSES).optional(),
          limit: z.number().int().min(1).max(500).default(100),
        }),
      )
      .query(({ ctx, input }) => listOutbox(ctx, input)),
  }),
});
