import type { Insertable } from 'kysely';
import type { Contacts, Staff, StaffRoles, StudentContacts, Students } from '../schema';

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
