// What other capabilities may use from attendance/; anything else here is its own business.
export { ATTENDANCE_CODES, categoryOf, explainCode } from './codes';
export {
  attendanceTotalsFor,
  attendanceTotalsFromRows,
  attendanceTotalsQuery,
} from './student-attendance';
