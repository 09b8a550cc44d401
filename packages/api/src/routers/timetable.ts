import { router } from '../trpc';

// Placeholder registered so parallel work has one place to fill in; see issue 4.
export const timetableRouter = router({});
