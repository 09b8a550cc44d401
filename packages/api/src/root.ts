import { accessRequestsRouter } from './access/requests-router';
import { accountRouter } from './accounts/account-router';
import { adminRouter } from './admin-router';
import { authRouter } from './accounts/auth-router';
import { healthRouter } from './health-router';
import { jobsRouter } from './jobs-router';
import { policyRouter } from './aup/router';
import { safeguardingRouter } from './access/safeguarding-router';
import { schoolRouter } from './settings/school-router';
import { sessionsRouter } from './accounts/sessions-router';
import { studentsRouter } from './students/router';
import { twoFactorRouter } from './accounts/two-factor-router';
import { timetableRouter } from './timetable/router';
import { attendanceRouter } from './attendance/router';
import { behaviourRouter } from './behaviour/router';
import { noticesRouter } from './notices/router';
import { informationRouter } from './information/router';
import { reportsRouter } from './reports/router';
import { changeRequestsRouter } from './change-requests/router';
import { portalRouter } from './portal/router';
import { teachingRouter } from './teaching/router';
import { absenceRouter } from './absence/router';
import { calendarRouter } from './calendar/router';
import { messagesRouter } from './messages/router';
import { toolsRouter } from './api-tokens';
import { createCallerFactory, router } from './core';

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
  health: healthRouter,
  portal: portalRouter,
  teaching: teachingRouter,
  timetable: timetableRouter,
  attendance: attendanceRouter,
  behaviour: behaviourRouter,
  notices: noticesRouter,
  information: informationRouter,
  reports: reportsRouter,
  changeRequests: changeRequestsRouter,
  absence: absenceRouter,
  calendar: calendarRouter,
  messages: messagesRouter,
  tools: toolsRouter,
});

export type AppRouter = typeof appRouter;

/** In-process calls: every page load, form action, the CLI and internal tools use this. */
export const createCaller = createCallerFactory(appRouter);
