import { router } from '../trpc';

// Placeholder registered so parallel work has one place to fill in; see issue 5.
export const adminSettingsRouter = router({});
