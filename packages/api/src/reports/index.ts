// What other capabilities may use from reports/; anything else here is its own business.
export { newestReportFor, newestReportFromRows, newestReportQuery } from './student-reports';
