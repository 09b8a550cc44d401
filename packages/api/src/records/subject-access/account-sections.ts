import { describeUserAgent } from '../../core';
import { type Db, SESSION_END_LABELS, label } from './contents';

// Sections shared by students and parents: an account, its sessions, devices, policy acceptances,
// notices read and emails.

export async function accountSection(db: Db, userId: string | null) {
  if (!userId) return null;
  const row = await db
    .selectFrom('users as u')
    .leftJoin('user_totp as t', 't.user_id', 'u.id')
    .select([
      'u.username',
      'u.email',
      'u.status',
      'u.created_at',
      'u.updated_at',
      'u.last_signed_in_at',
      'u.password_set_at',
      't.enrolled_at as two_factor_enrolled_at',
    ])
    .where('u.id', '=', userId)
    .executeTakeFirst();
  if (!row) return null;
  return {
    username: row.username,
    email: row.email,
    status: row.status,
    createdAt: row.created_at,
    lastSignedInAt: row.last_signed_in_at,
    passwordSetAt: row.password_set_at,
    authenticatorAppSetUpAt: row.two_factor_enrolled_at,
    updatedAt: row.updated_at,
  };
}

export async function sessionsSection(db: Db, userId: string | null) {
  if (!userId) return [];
  const rows = await db
    .selectFrom('sessions')
    .select([
      'created_at',
      'last_seen_at',
      'expires_at',
      'ended_at',
      'ended_reason',
      'shared_device',
      'ip',
      'user_agent',
    ])
    .where('user_id', '=', userId)
    .orderBy('created_at', 'desc')
    .execute();
  return rows.map((r) => ({
    startedAt: r.created_at,
    lastSeenAt: r.last_seen_at,
    expiresAt: r.expires_at,
    endedAt: r.ended_at,
    endedReason: label(SESSION_END_LABELS, r.ended_reason),
    sharedDevice: r.shared_device,
    ip: r.ip,
    device: describeUserAgent(r.user_agent),
    userAgent: r.user_agent,
  }));
}

export async function devicesSection(db: Db, userId: string | null) {
  if (!userId) return [];
  const rows = await db
    .selectFrom('user_devices')
    .select(['first_seen_at', 'last_seen_at', 'user_agent'])
    .where('user_id', '=', userId)
    .orderBy('first_seen_at')
    .execute();
  return rows.map((r) => ({
    firstSeenAt: r.first_seen_at,
    lastSeenAt: r.last_seen_at,
    device: describeUserAgent(r.user_agent),
    userAgent: r.user_agent,
  }));
}

export async function policyAcceptancesSection(db: Db, userId: string | null) {
  if (!userId) return [];
  const rows = await db
    .selectFrom('policy_acceptances as pa')
    .innerJoin('policy_versions as pv', 'pv.id', 'pa.policy_version_id')
    .select(['pv.title', 'pv.effective_date', 'pa.accepted_at', 'pa.ip', 'pa.user_agent'])
    .where('pa.user_id', '=', userId)
    .orderBy('pa.accepted_at', 'desc')
    .execute();
  return rows.map((r) => ({
    policy: r.title,
    effectiveDate: r.effective_date,
    acceptedAt: r.accepted_at,
    ip: r.ip,
    device: describeUserAgent(r.user_agent),
  }));
}

export async function noticesReadSection(db: Db, userId: string | null) {
  if (!userId) return [];
  const rows = await db
    .selectFrom('notice_reads as r')
    .innerJoin('notices as n', 'n.id', 'r.notice_id')
    .select(['n.title', 'n.publish_at', 'r.read_at'])
    .where('r.user_id', '=', userId)
    .orderBy('r.read_at', 'desc')
    .execute();
  return rows.map((r) => ({ title: r.title, publishedAt: r.publish_at, readAt: r.read_at }));
}

export async function emailsSection(db: Db, addresses: (string | null | undefined)[]) {
  const to = [...new Set(addresses.filter((a): a is string => !!a).map((a) => a.toLowerCase()))];
  if (to.length === 0) return [];
  const rows = await db
    .selectFrom('email_outbox')
    .select(['created_at', 'to_address', 'subject', 'kind', 'status', 'sent_at'])
    .where((eb) => eb(eb.fn('lower', ['to_address']), 'in', to))
    .orderBy('created_at', 'desc')
    .execute();
  return rows.map((r) => ({
    createdAt: r.created_at,
    to: r.to_address,
    subject: r.subject,
    kind: r.kind,
    status: r.status,
    sentAt: r.sent_at,
  }));
}
