// The demo school (Northfield Academy): sample data and its published sign-ins, for demos and
// end-to-end tests only.
export { DEMO_ACCOUNTS, type DemoAccount } from './accounts';
export { seedDemoSchool, type SeedDemoOptions, type SeedDemoResult } from './seed';
export { buildDemoSchool, SCHOOL_NAME, ENQUIRIES_EMAIL, type DemoSchool } from './school';
