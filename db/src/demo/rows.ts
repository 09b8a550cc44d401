import type { Insertable } from 'kysely';
import type {
  AttendanceMarks,
  BehaviourEvents,
  Contacts,
  InfoDocuments,
  InfoPages,
  LessonChanges,
  Lessons,
  NoticeReads,
  Notices,
  NoticeScopes,
  Periods,
  ReportCycles,
  Reports,
  ReportSubjects,
  SchoolClosures,
  Staff,
  StaffRoles,
  StudentContacts,
  Students,
  TeachingGroupMembers,
  TeachingGroups,
  Terms,
} from '../schema';

// The demo school as plain rows, ids made in TypeScript so that rows can point at each other
// before anything is written.
type WithId<T> = Insertable<T> & { id: string };

export type StaffRow = WithId<Staff>;
export type StaffRoleRow = Insertable<StaffRoles>;
export type StudentRow = WithId<Students> & { form: string; admission_date: string };
export type ContactRow = WithId<Contacts>;
export type LinkRow = WithId<StudentContacts>;

export type Evidence =
  'birth_certificate' | 'adoption_or_court_order' | 'mis_record_photo_id' | 'other';

export type TermRow = WithId<Terms>;
export type ClosureRow = WithId<SchoolClosures>;
export type PeriodRow = WithId<Periods>;
export type TeachingGroupRow = WithId<TeachingGroups> & {
  subject: string;
  year_group: number;
  teacher_staff_id: string;
  room: string;
};
export type MemberRow = Insertable<TeachingGroupMembers>;
export type LessonRow = WithId<Lessons>;
export type LessonChangeRow = WithId<LessonChanges>;
// Marks are many and nothing points at them: the database makes their ids.
export type AttendanceRow = Insertable<AttendanceMarks> & { code: string; on_date: string };
export type BehaviourRow = WithId<BehaviourEvents>;
export type NoticeRow = WithId<Notices>;
export type NoticeScopeRow = WithId<NoticeScopes>;
export type NoticeReadRow = Insertable<NoticeReads>;
export type ReportCycleRow = WithId<ReportCycles>;
export type ReportRow = WithId<Reports>;
export type ReportSubjectRow = WithId<ReportSubjects>;
export type InfoPageRow = WithId<InfoPages>;
export type InfoDocumentRow = WithId<InfoDocuments>;
