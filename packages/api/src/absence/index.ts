// What other capabilities may use from absence/; anything else here is its own business.
export {
  acceptedAbsencesOn,
  reportCoversMark,
  reportedSessions,
  type ReportedAbsence,
} from './register-notes';
export { queueAbsenceChasers, CHASER_EMAIL_KIND } from './chaser';
export { sessionsOf, type SessionChoice } from './rules';
