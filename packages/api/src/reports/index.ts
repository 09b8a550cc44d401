// What other capabilities may use from reports/; anything else here is its own business.
export { newestReportFor } from './student-reports';
