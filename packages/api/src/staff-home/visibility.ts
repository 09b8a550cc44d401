import { holdsAny, type Role } from '../core';

/**
 * The work queues the staff home shows, and the roles that may see each one: the same roles the
 * router lets into the queue's own page. A queue not listed here, or a role not named, sees
 * nothing (deny by default).
 */
export const QUEUE_ROLES = {
  /** Parents asking for access, waiting for parental responsibility to be checked (P3). */
  accessRequests: ['office', 'admin'],
  /** Parents' change requests and reported problems still open (P7). */
  changeRequests: ['office', 'admin'],
  /** Parents' absence reports waiting for the office to decide (issue 13). */
  absenceReports: ['office', 'admin'],
  /** Students a full roster import found missing, waiting for a decision. */
  leavers: ['office', 'admin'],
  /** Emails the outbox gave up on. */
  failedEmails: ['admin'],
  /** Open subject-access and educational-record requests, and how close their deadlines are (P15). */
  informationRequests: ['office', 'admin'],
  /** How many active accounts have accepted the policy in force (P2). */
  policyAcceptance: ['office', 'admin'],
} as const satisfies Record<string, readonly Role[]>;

export type QueueName = keyof typeof QUEUE_ROLES;

export const QUEUE_NAMES = Object.keys(QUEUE_ROLES) as QueueName[];

/** The queues someone holding `roles` may see, in the order the staff home shows them. */
export function visibleQueues(roles: readonly Role[]): Set<QueueName> {
  return new Set(QUEUE_NAMES.filter((name) => holdsAny(roles, QUEUE_ROLES[name])));
}

/** An information request due within this many days (or overdue) is "near its deadline". */
export const DEADLINE_NEAR_DAYS = 7;
