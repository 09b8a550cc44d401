// Generated from the migrated database by `npm run db:types`; do not edit by hand.
import type { ColumnType } from "kysely";

export type Generated<T> = T extends ColumnType<infer S, infer I, infer U>
  ? ColumnType<S, I | undefined, U>
  : ColumnType<T, T | undefined, T>;

export type Json = JsonValue;

export type JsonArray = JsonValue[];

export type JsonObject = {
  [x: string]: JsonValue | undefined;
};

export type JsonPrimitive = boolean | number | string | null;

export type JsonValue = JsonArray | JsonObject | JsonPrimitive;

export type Timestamp = ColumnType<Date, Date | string, Date | string>;

export interface AbsenceReports {
  after_cutoff: Generated<boolean>;
  created_at: Timestamp;
  decided_at: Timestamp | null;
  decided_by_user_id: string | null;
  expected_arrival: string | null;
  first_date: string;
  id: Generated<string>;
  kind: string;
  last_date: string;
  note: string | null;
  office_message: string | null;
  parent_reply: string | null;
  reason: string;
  recorded_code: string | null;
  reported_by_user_id: string;
  sessions: string;
  state: Generated<string>;
  student_id: string;
  updated_at: Timestamp;
}

export interface AccessRequestChildren {
  date_of_birth: string;
  forename: string;
  id: Generated<string>;
  request_id: string;
  student_id: string | null;
  surname: string;
}

export interface AccessRequests {
  contact_id: string | null;
  created_at: Timestamp;
  decided_at: Timestamp | null;
  decided_by_user_id: string | null;
  decision_reason: string | null;
  email: string;
  forename: string;
  id: Generated<string>;
  ip: string | null;
  phone: string | null;
  relationship: string;
  status: Generated<string>;
  surname: string;
}

export interface AccessRestrictions {
  contact_id: string | null;
  court_order_date: string | null;
  court_order_reference: string | null;
  court_order_scope: string | null;
  court_order_type: string | null;
  created_at: Timestamp;
  created_by_user_id: string;
  id: Generated<string>;
  lift_note: string | null;
  lifted_at: Timestamp | null;
  lifted_by_user_id: string | null;
  link_id: string | null;
  note: string;
  reason: string;
  user_id: string | null;
}

export interface AccountTokens {
  created_at: Timestamp;
  created_by_user_id: string | null;
  expires_at: Timestamp;
  id: string;
  purpose: string;
  used_at: Timestamp | null;
  user_id: string;
}

export interface ApiTokens {
  allowed_range: string | null;
  created_at: Timestamp;
  expires_at: Timestamp;
  id: Generated<string>;
  last_used_at: Timestamp | null;
  last_used_ip: string | null;
  name: string;
  owner_user_id: string;
  revoked_at: Timestamp | null;
  revoked_by_user_id: string | null;
  scopes: string[];
  token_hash: string;
}

export interface AttendanceMarks {
  code: string;
  id: Generated<string>;
  minutes_late: number | null;
  note: string | null;
  on_date: string;
  recorded_at: Timestamp;
  recorded_by_staff_id: string | null;
  session: string;
  student_id: string;
  updated_at: Generated<Timestamp>;
}

export interface AuditLog {
  action: string;
  actor_user_id: string | null;
  at: Timestamp;
  details: Generated<Json>;
  id: Generated<number>;
  ip: string | null;
  student_id: string | null;
  target_user_id: string | null;
  user_agent: string | null;
}

export interface BehaviourEvents {
  action_date: string | null;
  action_taken: string | null;
  category: string;
  created_at: Generated<Timestamp>;
  description: string;
  id: Generated<string>;
  kind: string;
  lesson_id: string | null;
  occurred_on: string;
  place: string | null;
  points: number;
  recorded_by_staff_id: string | null;
  student_id: string;
  updated_at: Generated<Timestamp>;
}

export interface CalendarFeeds {
  created_at: Generated<Timestamp>;
  last_fetched_at: Timestamp | null;
  token_hash: string;
  user_id: string;
}

export interface ChangeRequests {
  contact_id: string | null;
  created_at: Timestamp;
  detail_type: string | null;
  handled_at: Timestamp | null;
  handled_by_user_id: string | null;
  id: Generated<string>;
  kind: string;
  message: string;
  proposed: Json | null;
  record_id: string | null;
  record_summary: string | null;
  record_type: string | null;
  requester_user_id: string;
  staff_reply: string | null;
  status: Generated<string>;
  student_id: string | null;
  updated_at: Timestamp;
}

export interface Contacts {
  address_line1: string | null;
  address_line2: string | null;
  created_at: Generated<Timestamp>;
  email: string | null;
  forename: string;
  id: Generated<string>;
  phone_home: string | null;
  phone_mobile: string | null;
  phone_work: string | null;
  postcode: string | null;
  source_id: string | null;
  surname: string;
  title: string | null;
  town: string | null;
  updated_at: Generated<Timestamp>;
  updated_by_user_id: string | null;
}

export interface EmailOutbox {
  attempts: Generated<number>;
  claim_id: string | null;
  claimed_by: string | null;
  contains_secret: Generated<boolean>;
  created_at: Timestamp;
  dedupe_key: string | null;
  give_up_at: Timestamp;
  html_body: string | null;
  id: Generated<string>;
  kind: string;
  last_error: string | null;
  locked_until: Timestamp | null;
  next_attempt_at: Timestamp;
  sent_at: Timestamp | null;
  status: Generated<string>;
  subject: string;
  text_body: string | null;
  to_address: string;
}

export interface FormSubmissions {
  created_at: Timestamp;
  key: string;
  purpose: string;
  result: Json | null;
  user_id: string | null;
}

export interface ImportRuns {
  applied_at: Timestamp;
  applied_by_user_id: string | null;
  file_names: string[];
  id: Generated<string>;
  kind: string;
  summary: Json;
}

export interface InfoDocuments {
  content_type: string;
  data: Buffer;
  file_name: string;
  id: Generated<string>;
  page_id: string;
  title: string;
  updated_at: Generated<Timestamp>;
}

export interface InfoPages {
  body_markdown: string;
  created_at: Generated<Timestamp>;
  for_governors: Generated<boolean>;
  for_parents: Generated<boolean>;
  for_staff: Generated<boolean>;
  for_students: Generated<boolean>;
  id: Generated<string>;
  slug: string;
  sort_order: Generated<number>;
  summary: string | null;
  title: string;
  updated_at: Generated<Timestamp>;
  updated_by_user_id: string | null;
}

export interface InformationRequests {
  completed_at: Timestamp | null;
  contact_id: string | null;
  created_at: Timestamp;
  created_by_user_id: string | null;
  due_on: string;
  id: Generated<string>;
  kind: string;
  note: string | null;
  received_on: string;
  requester: string;
  status: Generated<string>;
  student_id: string | null;
  updated_at: Timestamp;
}

export interface LeaverProposals {
  decided_at: Timestamp | null;
  decided_by_user_id: string | null;
  decision: string | null;
  id: Generated<string>;
  import_run_id: string | null;
  leaving_date: string | null;
  proposed_at: Timestamp;
  student_id: string;
}

export interface LessonChanges {
  cancelled: Generated<boolean>;
  cover_staff_id: string | null;
  id: Generated<string>;
  lesson_id: string;
  note: string | null;
  on_date: string;
  room: string | null;
  updated_at: Generated<Timestamp>;
}

export interface Lessons {
  cycle_week: number;
  group_id: string;
  id: Generated<string>;
  period_id: string;
  room: string | null;
  teacher_staff_id: string | null;
  updated_at: Generated<Timestamp>;
  weekday: number;
}

export interface MessageReads {
  read_at: Timestamp;
  read_seq: number;
  thread_id: string;
  user_id: string;
}

export interface Messages {
  author_user_id: string;
  body: string;
  created_at: Timestamp;
  from_school: boolean;
  id: Generated<string>;
  seq: Generated<number>;
  thread_id: string;
}

export interface MessageSettings {
  contacts_without_pr_may_write: Generated<boolean>;
  id: Generated<number>;
  reply_notice: string | null;
  students_may_message_teachers: Generated<boolean>;
  updated_at: Timestamp | null;
  updated_by_user_id: string | null;
}

export interface MessageThreads {
  addressed_to: string;
  assigned_staff_id: string | null;
  closed_at: Timestamp | null;
  closed_by_user_id: string | null;
  created_at: Timestamp;
  id: Generated<string>;
  last_message_at: Timestamp;
  started_as: string;
  started_by_user_id: string;
  status: Generated<string>;
  student_id: string;
  subject: string;
  teacher_staff_id: string | null;
}

export interface MisCurtailments {
  cause: string;
  contact_id: string;
  created_at: Timestamp;
  ended_at: Timestamp | null;
  id: Generated<string>;
  lift_note: string | null;
  lifted_at: Timestamp | null;
  lifted_by_user_id: string | null;
  link_id: string | null;
}

export interface NoticeReads {
  notice_id: string;
  read_at: Timestamp;
  user_id: string;
}

export interface Notices {
  attachment_data: Buffer | null;
  attachment_name: string | null;
  attachment_type: string | null;
  author_user_id: string | null;
  body_markdown: string;
  created_at: Generated<Timestamp>;
  email_parents: Generated<boolean>;
  expires_at: Timestamp | null;
  for_governors: Generated<boolean>;
  for_parents: Generated<boolean>;
  for_staff: Generated<boolean>;
  for_students: Generated<boolean>;
  id: Generated<string>;
  publish_at: Timestamp | null;
  title: string;
  updated_at: Generated<Timestamp>;
}

export interface NoticeScopes {
  form: string | null;
  group_id: string | null;
  id: Generated<string>;
  notice_id: string;
  year_group: number | null;
}

export interface PasswordHistory {
  id: Generated<number>;
  password_hash: string;
  replaced_at: Timestamp;
  set_at: Timestamp;
  user_id: string;
}

export interface Periods {
  ends_at: string;
  id: Generated<string>;
  name: string;
  sort_order: number;
  starts_at: string;
  updated_at: Generated<Timestamp>;
}

export interface PolicyAcceptances {
  accepted_at: Timestamp;
  ip: string | null;
  policy_version_id: string;
  user_agent: string | null;
  user_id: string;
}

export interface PolicyVersions {
  body_markdown: string;
  effective_date: string;
  id: Generated<string>;
  published_at: Timestamp;
  published_by_user_id: string | null;
  title: string;
}

export interface PublicPages {
  markdown: string;
  page: string;
  updated_at: Generated<Timestamp>;
  updated_by_user_id: string | null;
}

export interface ReportCycles {
  created_at: Generated<Timestamp>;
  id: Generated<string>;
  name: string;
  publish_at: Timestamp | null;
  updated_at: Generated<Timestamp>;
  year_group: number | null;
}

export interface Reports {
  created_at: Generated<Timestamp>;
  cycle_id: string;
  id: Generated<string>;
  student_id: string;
  tutor_comment: string | null;
  tutor_staff_id: string | null;
  updated_at: Generated<Timestamp>;
}

export interface ReportSubjects {
  attainment: string | null;
  comment: string | null;
  effort: string | null;
  id: Generated<string>;
  report_id: string;
  sort_order: Generated<number>;
  subject: string;
  target: string | null;
  teacher_staff_id: string | null;
  updated_at: Generated<Timestamp>;
}

export interface SafeguardingHolds {
  id: Generated<string>;
  lift_note: string | null;
  lifted_at: Timestamp | null;
  lifted_by_user_id: string | null;
  placed_at: Timestamp;
  placed_by_user_id: string;
  reason: string;
  scope: Generated<string>;
  scope_reason: string | null;
  student_id: string;
}

export interface SchoolClosures {
  ends_on: string;
  id: Generated<string>;
  reason: string;
  starts_on: string;
  updated_at: Generated<Timestamp>;
}

export interface SchoolSettings {
  absence_chaser_time: Generated<string>;
  absence_cutoff_time: Generated<string>;
  absence_line_phone: string | null;
  attendance_record: Generated<string>;
  brand_colour: string | null;
  common_password_check: Generated<boolean>;
  enquiries_email: string;
  id: Generated<number>;
  logo_data: Buffer | null;
  logo_type: string | null;
  password_composition_rules: Generated<boolean>;
  password_daily_reminders_from_day: Generated<number>;
  password_expiry_days: Generated<number>;
  password_expiry_enabled: Generated<boolean>;
  password_first_reminder_day: Generated<number>;
  password_history_limit: number | null;
  password_min_length: Generated<number>;
  roster_grades_are_us: Generated<boolean>;
  roster_school_identifier: string | null;
  school_name: string;
  session_absolute_minutes: Generated<number>;
  session_idle_minutes: Generated<number>;
  shared_session_absolute_minutes: Generated<number>;
  shared_session_idle_minutes: Generated<number>;
  signin_failure_window_minutes: Generated<number>;
  signin_lockout_minutes: Generated<number>;
  signin_max_failures: Generated<number>;
  student_accounts_enabled: Generated<boolean>;
  time_zone: Generated<string>;
  timetable_cycle_anchor: Generated<string>;
  timetable_cycle_weeks: Generated<number>;
  updated_at: Generated<Timestamp>;
  updated_by_user_id: string | null;
}

export interface Sessions {
  created_at: Timestamp;
  ended_at: Timestamp | null;
  ended_reason: string | null;
  expires_at: Timestamp;
  id: string;
  idle_timeout_seconds: number;
  ip: string | null;
  last_seen_at: Timestamp;
  shared_device: Generated<boolean>;
  two_factor_verified: Generated<boolean>;
  user_agent: string | null;
  user_id: string;
}

export interface SigninThrottle {
  failures: number;
  key: string;
  locked_until: Timestamp | null;
  window_started_at: Timestamp;
}

export interface Staff {
  created_at: Generated<Timestamp>;
  email: string;
  forename: string;
  id: Generated<string>;
  source_id: string | null;
  surname: string;
  title: string | null;
  updated_at: Generated<Timestamp>;
  updated_by_user_id: string | null;
}

export interface StaffRoles {
  role: string;
  staff_id: string;
}

export interface StudentContacts {
  contact_id: string;
  created_at: Generated<Timestamp>;
  id: Generated<string>;
  parental_responsibility: Generated<boolean>;
  relationship: string;
  status: Generated<string>;
  student_id: string;
  updated_at: Generated<Timestamp>;
  verification_evidence: string | null;
  verification_note: string | null;
  verified_at: Timestamp | null;
  verified_by_staff_id: string | null;
}

export interface Students {
  admission_date: string;
  created_at: Generated<Timestamp>;
  date_of_birth: string;
  forename: string;
  form: string;
  id: Generated<string>;
  leaving_date: string | null;
  preferred_name: string | null;
  source_id: string | null;
  surname: string;
  updated_at: Generated<Timestamp>;
  updated_by_user_id: string | null;
  upn: string | null;
  year_group: number;
}

export interface TeachingGroupMembers {
  group_id: string;
  student_id: string;
  updated_at: Generated<Timestamp>;
}

export interface TeachingGroups {
  code: string;
  created_at: Generated<Timestamp>;
  id: Generated<string>;
  room: string | null;
  source_id: string | null;
  subject: string;
  teacher_staff_id: string | null;
  title: string | null;
  updated_at: Generated<Timestamp>;
  year_group: number | null;
}

export interface Terms {
  ends_on: string;
  id: Generated<string>;
  name: string;
  starts_on: string;
  updated_at: Generated<Timestamp>;
}

export interface TotpRecoveryCodes {
  code_hash: string;
  id: Generated<number>;
  used_at: Timestamp | null;
  user_id: string;
}

export interface UserDevices {
  device_hash: string;
  first_seen_at: Timestamp;
  last_seen_at: Timestamp;
  user_agent: string | null;
  user_id: string;
}

export interface Users {
  contact_id: string | null;
  created_at: Generated<Timestamp>;
  email: string;
  id: Generated<string>;
  last_signed_in_at: Timestamp | null;
  password_hash: string | null;
  password_set_at: Timestamp | null;
  staff_id: string | null;
  status: Generated<string>;
  student_id: string | null;
  updated_at: Generated<Timestamp>;
  username: string;
}

export interface UserTotp {
  created_at: Timestamp;
  enrolled_at: Timestamp | null;
  last_used_step: number | null;
  secret: Buffer;
  user_id: string;
}

export interface DB {
  absence_reports: AbsenceReports;
  access_request_children: AccessRequestChildren;
  access_requests: AccessRequests;
  access_restrictions: AccessRestrictions;
  account_tokens: AccountTokens;
  api_tokens: ApiTokens;
  attendance_marks: AttendanceMarks;
  audit_log: AuditLog;
  behaviour_events: BehaviourEvents;
  calendar_feeds: CalendarFeeds;
  change_requests: ChangeRequests;
  contacts: Contacts;
  email_outbox: EmailOutbox;
  form_submissions: FormSubmissions;
  import_runs: ImportRuns;
  info_documents: InfoDocuments;
  info_pages: InfoPages;
  information_requests: InformationRequests;
  leaver_proposals: LeaverProposals;
  lesson_changes: LessonChanges;
  lessons: Lessons;
  message_reads: MessageReads;
  message_settings: MessageSettings;
  message_threads: MessageThreads;
  messages: Messages;
  mis_curtailments: MisCurtailments;
  notice_reads: NoticeReads;
  notice_scopes: NoticeScopes;
  notices: Notices;
  password_history: PasswordHistory;
  periods: Periods;
  policy_acceptances: PolicyAcceptances;
  policy_versions: PolicyVersions;
  public_pages: PublicPages;
  report_cycles: ReportCycles;
  report_subjects: ReportSubjects;
  reports: Reports;
  safeguarding_holds: SafeguardingHolds;
  school_closures: SchoolClosures;
  school_settings: SchoolSettings;
  sessions: Sessions;
  signin_throttle: SigninThrottle;
  staff: Staff;
  staff_roles: StaffRoles;
  student_contacts: StudentContacts;
  students: Students;
  teaching_group_members: TeachingGroupMembers;
  teaching_groups: TeachingGroups;
  terms: Terms;
  totp_recovery_codes: TotpRecoveryCodes;
  user_devices: UserDevices;
  user_totp: UserTotp;
  users: Users;
}
