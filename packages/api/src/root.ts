import { accessRequestsRouter } from './routers/access-requests';
import { accountRouter } from './routers/account';
import { adminRouter } from './routers/admin';
import { authRouter } from './routers/auth';
import { jobsRouter } from './routers/jobs';
import { policyRouter } from './routers/policy';
import { safeguardingRouter } from './routers/safeguarding';
import { schoolRouter } from './routers/school';
import { sessionsRouter } from './routers/sessions';
import { studentsRouter } from './routers/students';
import { twoFactorRouter } from './routers/two-factor';
import { timetableRouter } from './routers/timetable';
import { attendanceRouter } from './routers/attendance';
import { behaviourRouter } from './routers/behaviour';
import { noticesRouter } from './routers/notices';
import { informationRouter } from './routers/information';
import { reportsRouter } from './routers/reports';
import { changeRequestsRouter } from './routers/change-requests';
import { portalRouter } from './routers/portal';
import { teachingRouter } from './routers/teaching';
import { createCallerFactory, router } from './trpc';

export const appRouter = router({
  auth: authRouter,
  account: accountRouter,
  sessions: sessionsRouter,
  accessRequests: accessRequestsRouter,
  school: schoolRouter,
  policy: policyRouter,
  students: studentsRouter,
  admin: adminRouter,
  twoFactor: twoFactorRouter,
  safeguarding: safeguardingRouter,
  jobs: jobsRouter,
  portal: portalRouter,
  teaching: teachingRouter,
  timetable: timetableRouter,
  attendance: attendanceRouter,
  behaviour: behaviourRouter,
  notices: noticesRouter,
  information: informationRouter,
  reports: reportsRouter,
  changeRequests: changeRequestsRouter,
});

export type AppRouter = typeof appRouter;

/** In-process calls: every page load, form action, the CLI and internal tools use this. */
export const createCaller = createCallerFactory(appRouter);
