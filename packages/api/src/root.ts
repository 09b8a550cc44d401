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
});

export type AppRouter = typeof appRouter;

/** In-process calls: every page load, form action, the CLI and internal tools use this. */
export const createCaller = createCallerFactory(appRouter);
