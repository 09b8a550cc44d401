import { accountRouter } from './routers/account';
import { adminRouter } from './routers/admin';
import { authRouter } from './routers/auth';
import { jobsRouter } from './routers/jobs';
import { schoolRouter } from './routers/school';
import { studentsRouter } from './routers/students';
import { createCallerFactory, router } from './trpc';

export const appRouter = router({
  auth: authRouter,
  account: accountRouter,
  school: schoolRouter,
  students: studentsRouter,
  admin: adminRouter,
  jobs: jobsRouter,
});

export type AppRouter = typeof appRouter;

/** In-process calls: every page load, form action, the CLI and internal tools use this. */
export const createCaller = createCallerFactory(appRouter);
