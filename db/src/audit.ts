import type { Insertable, Kysely } from 'kysely';
import type { AuditLog, DB } from './schema';

/** What happened, by whom, to which student or account, from where (P10, P16). */
export interface AuditEntry {
  at: Date;
  action: string;
  actorUserId?: string | null;
  studentId?: string | null;
  targetUserId?: string | null;
  ip?: string | null;
  userAgent?: string | null;
  details?: Record<string, unknown>;
}

/** Appends to the audit log; pass the transaction so the entry commits with the change it records. */
export async function recordAudit(db: Kysely<DB>, entry: AuditEntry): Promise<void> {
  const row: Insertable<AuditLog> = {
    at: entry.at,
    action: entry.action,
    actor_user_id: entry.actorUserId ?? null,
    student_id: entry.studentId ?? null,
    target_user_id: entry.targetUserId ?? null,
    ip: entry.ip ?? null,
    user_agent: entry.userAgent ?? null,
    details: JSON.stringify(entry.details ?? {}),
  };
  await db.insertInto('audit_log').values(row).execute();
}
