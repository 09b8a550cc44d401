import { compactDetails } from '../../audit';
import { type PdfSection } from './pdf';
import { type SubjectAccessExport } from './export';
import { type ExportThread, messagesReviewPdfSection } from './messages-section';
import { reviewPdfSection } from './review-section';

// The PDF's sections: the same data as the JSON, as headings, facts and tables.

export function printableSections(data: SubjectAccessExport): PdfSection[] {
  const tz = data.timeZone;
  const dateTime = new Intl.DateTimeFormat('en-GB', {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: tz,
  });
  const longDate = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeZone: 'UTC' });
  const at = (value: Date | string | null | undefined) =>
    value ? dateTime.format(typeof value === 'string' ? new Date(value) : value) : '—';
  const day = (value: string | null | undefined) =>
    value ? longDate.format(new Date(`${value}T00:00:00Z`)) : '—';
  const text = (value: unknown) =>
    value === null || value === undefined || value === '' ? '—' : String(value);
  const yesNo = (value: boolean) => (value ? 'Yes' : 'No');
  const s = data as unknown as Record<string, unknown>;
  const list = <T>(key: string) => (s[key] ?? []) as T[];
  const sections: PdfSection[] = [];
  const titles: Record<string, string> = {
    personalData: 'Personal data',
    parentsAndCarers: 'Parents and carers',
    children: 'Children',
    accessRestrictions: 'Access restrictions',
    accessRequests: 'Requests for portal access',
    attendance: 'Attendance',
    behaviour: 'Behaviour',
    reports: 'Progress reports',
    noticesRead: 'Notices read',
    changeRequests: 'Problems and changes reported',
    messages: 'Messages',
    account: 'Portal account',
    signInHistory: 'Sign-in history',
    sessions: 'Sessions',
    knownDevices: 'Devices',
    policyAcceptances: 'Acceptable Usage Policy',
    emailsSent: 'Emails sent',
    auditTrail: 'Audit trail',
  };

  // Held back for the data protection officer: first, so that it cannot be missed.
  if ('reviewBeforeRelease' in data && data.reviewBeforeRelease) {
    if (data.subject.kind === 'student') {
      sections.push(reviewPdfSection(data.reviewBeforeRelease, at));
    }
    if (data.reviewBeforeRelease.messages.length > 0) {
      sections.push(messagesReviewPdfSection(data.reviewBeforeRelease.messages, at));
    }
  }

  for (const { key, description, entries } of data.contents) {
    const title = titles[key] ?? key;
    const before = sections.length;
    switch (key) {
      case 'personalData': {
        const p = s.personalData as Record<string, unknown>;
        const facts: [string, string][] =
          data.subject.kind === 'student'
            ? [
                ['Forename', text(p.forename)],
                ['Surname', text(p.surname)],
                ['Preferred name', text(p.preferredName)],
                ['Date of birth', day(p.dateOfBirth as string)],
                ['Year and form', `Year ${text(p.yearGroup)}, form ${text(p.form)}`],
                ['Unique pupil number', text(p.upn)],
                ['Admitted', day(p.admissionDate as string)],
                ['Left', day(p.leavingDate as string | null)],
                ['Management system id', text(p.managementSystemId)],
                ['Record made', at(p.createdAt as Date)],
                ['Last updated', at(p.updatedAt as Date)],
              ]
            : [
                ['Title', text(p.title)],
                ['Forename', text(p.forename)],
                ['Surname', text(p.surname)],
                ['Email', text(p.email)],
                ['Mobile', text(p.phoneMobile)],
                ['Home phone', text(p.phoneHome)],
                ['Work phone', text(p.phoneWork)],
                [
                  'Address',
                  text(
                    [p.addressLine1, p.addressLine2, p.town, p.postcode].filter(Boolean).join(', '),
                  ),
                ],
                ['Management system id', text(p.managementSystemId)],
                ['Record made', at(p.createdAt as Date)],
                ['Last updated', at(p.updatedAt as Date)],
              ];
        sections.push({ title, description, facts });
        break;
      }
      case 'parentsAndCarers':
      case 'children': {
        type Link = {
          name?: string;
          student?: string;
          yearGroup?: number;
          form?: string;
          relationship: string;
          parentalResponsibility: boolean;
          linkStatus: string;
          verification: {
            evidence: string | null;
            note: string | null;
            verifiedBy: string | null;
            verifiedAt: Date;
          } | null;
        };
        sections.push({
          title,
          description,
          table: {
            columns: [
              { title: key === 'children' ? 'Student' : 'Name', width: 2 },
              { title: 'Relationship', width: 1.3 },
              { title: 'Parental responsibility', width: 1.2 },
              { title: 'Verification', width: 3.5 },
            ],
            rows: list<Link>(key).map((l) => [
              key === 'children'
                ? `${text(l.student)} (Year ${text(l.yearGroup)}, ${text(l.form)})`
                : text(l.name),
              text(l.relationship),
              `${yesNo(l.parentalResponsibility)}; link ${l.linkStatus}`,
              l.verification
                ? `Checked by ${text(l.verification.verifiedBy)} on ${at(l.verification.verifiedAt)}. Evidence: ${text(l.verification.evidence)}. Note: ${text(l.verification.note)}`
                : 'Not verified',
            ]),
          },
        });
        break;
      }
      case 'accessRestrictions': {
        type R = {
          concerns: string;
          reason: string | null;
          courtOrder: { type: string | null; date: string | null; scope: string | null } | null;
          startedAt: Date;
          liftedAt: Date | null;
        };
        sections.push({
          title,
          description,
          table: {
            columns: [
              { title: 'Concerns', width: 2.4 },
              { title: 'Reason', width: 2.6 },
              { title: 'From', width: 1.2 },
              { title: 'Lifted', width: 1.2 },
            ],
            rows: list<R>(key).map((r) => [
              r.concerns,
              r.courtOrder
                ? `${text(r.reason)}: ${text(r.courtOrder.type)} dated ${day(r.courtOrder.date)}. Scope: ${text(r.courtOrder.scope)}`
                : text(r.reason),
              at(r.startedAt),
              r.liftedAt ? at(r.liftedAt) : 'Still in force',
            ]),
          },
        });
        break;
      }
      case 'accessRequests': {
        type A = {
          submittedAt: Date;
          name: string;
          email: string;
          relationship: string;
          children: { name: string; dateOfBirth: string }[];
          status: string;
          decidedAt: Date | null;
        };
        sections.push({
          title,
          description,
          table: {
            columns: [
              { title: 'Sent', width: 1.2 },
              { title: 'From', width: 2 },
              { title: 'Children named', width: 2.4 },
              { title: 'Outcome', width: 1.4 },
            ],
            rows: list<A>(key).map((r) => [
              at(r.submittedAt),
              `${r.name} (${r.relationship}), ${r.email}`,
              r.children.map((c) => `${c.name}, born ${day(c.dateOfBirth)}`).join('; ') || '—',
              `${r.status}${r.decidedAt ? `, ${at(r.decidedAt)}` : ''}`,
            ]),
          },
        });
        break;
      }
      case 'attendance': {
        type M = {
          date: string;
          session: string;
          code: string;
          meaning: string;
          minutesLate: number | null;
          note: string | null;
          recordedBy: string | null;
        };
        sections.push({
          title,
          description,
          table: {
            columns: [
              { title: 'Date', width: 1.2 },
              { title: 'Session', width: 0.7 },
              { title: 'Code', width: 0.6 },
              { title: 'Meaning', width: 2.6 },
              { title: 'Note', width: 1.8 },
              { title: 'Recorded by', width: 1.2 },
            ],
            rows: list<M>(key).map((m) => [
              day(m.date),
              m.session,
              m.code,
              m.minutesLate ? `${m.meaning} (${m.minutesLate} minutes late)` : m.meaning,
              text(m.note),
              text(m.recordedBy),
            ]),
          },
        });
        break;
      }
      case 'behaviour': {
        type B = {
          date: string;
          kind: string;
          category: string;
          points: number;
          description: string;
          place: string | null;
          actionTaken: string | null;
          recordedBy: string | null;
        };
        sections.push({
          title,
          description,
          table: {
            columns: [
              { title: 'Date', width: 1.1 },
              { title: 'Kind', width: 1.6 },
              { title: 'What happened', width: 3.2 },
              { title: 'Action taken', width: 1.3 },
              { title: 'Recorded by', width: 1.1 },
            ],
            rows: list<B>(key).map((e) => [
              day(e.date),
              `${e.kind === 'positive' ? 'Positive' : 'Negative'}: ${e.category} (${e.points} point${e.points === 1 ? '' : 's'})`,
              e.place ? `${e.description} (${e.place})` : e.description,
              text(e.actionTaken),
              text(e.recordedBy),
            ]),
          },
        });
        break;
      }
      case 'reports': {
        type Rep = {
          cycle: string;
          publishedAt: Date;
          tutor: string | null;
          tutorComment: string | null;
          subjects: {
            subject: string;
            teacher: string | null;
            attainment: string | null;
            target: string | null;
            effort: string | null;
            comment: string | null;
          }[];
        };
        const rows: string[][] = [];
        for (const r of list<Rep>(key)) {
          for (const sub of r.subjects) {
            rows.push([
              `${r.cycle} (published ${at(r.publishedAt)})`,
              `${sub.subject}${sub.teacher ? ` – ${sub.teacher}` : ''}`,
              `Attainment ${text(sub.attainment)}, target ${text(sub.target)}, effort ${text(sub.effort)}`,
              text(sub.comment),
            ]);
          }
          rows.push([
            `${r.cycle} (published ${at(r.publishedAt)})`,
            `Tutor${r.tutor ? ` – ${r.tutor}` : ''}`,
            '',
            text(r.tutorComment),
          ]);
        }
        sections.push({
          title,
          description,
          table: {
            columns: [
              { title: 'Report', width: 1.5 },
              { title: 'Subject', width: 1.5 },
              { title: 'Grades', width: 1.5 },
              { title: 'Comment', width: 3.5 },
            ],
            rows,
          },
        });
        break;
      }
      case 'noticesRead': {
        type N = { title: string; readAt: Date };
        sections.push({
          title,
          description,
          table: {
            columns: [
              { title: 'Notice', width: 4 },
              { title: 'Read', width: 1.5 },
            ],
            rows: list<N>(key).map((n) => [n.title, at(n.readAt)]),
          },
        });
        break;
      }
      case 'messages': {
        sections.push({
          title,
          description,
          table: {
            columns: [
              { title: 'Sent', width: 1.2 },
              { title: 'Thread', width: 2 },
              { title: 'Who wrote it', width: 1.4 },
              { title: 'Text', width: 3 },
            ],
            rows: list<ExportThread>(key).flatMap((t) =>
              t.messages.map((m) => [
                at(m.at),
                `${t.subject ?? '(subject held for review)'} – about ${t.student}, to ${t.addressedTo} (${t.status})`,
                m.author,
                m.text ?? 'Held for review before release (written by someone else).',
              ]),
            ),
          },
          count: list<ExportThread>(key).length,
        });
        break;
      }
      case 'changeRequests': {
        type C = {
          title: string;
          recordSummary: string | null;
          requestedBy: string | null;
          message: string;
          proposed: unknown;
          status: string;
          schoolReply: string | null;
          createdAt: Date;
        };
        sections.push({
          title,
          description,
          table: {
            columns: [
              { title: 'Sent', width: 1.2 },
              { title: 'Request', width: 2 },
              { title: 'Message', width: 3 },
              { title: 'Outcome', width: 1.6 },
            ],
            rows: list<C>(key).map((c) => [
              at(c.createdAt),
              `${c.title}${c.recordSummary ? `: ${c.recordSummary}` : ''}${c.requestedBy ? ` (from ${c.requestedBy})` : ''}`,
              `${c.message}${c.proposed ? ` Proposed: ${compactDetails(c.proposed as Record<string, unknown>, 400)}` : ''}`,
              `${c.status}${c.schoolReply ? `. Reply: ${c.schoolReply}` : ''}`,
            ]),
          },
        });
        break;
      }
      case 'account': {
        const a = s.account as {
          username: string;
          email: string;
          status: string;
          createdAt: Date;
          lastSignedInAt: Date | null;
          passwordSetAt: Date | null;
          authenticatorAppSetUpAt: Date | null;
        } | null;
        sections.push(
          a
            ? {
                title,
                description,
                facts: [
                  ['Username', a.username],
                  ['Email', a.email],
                  ['Status', a.status],
                  ['Made', at(a.createdAt)],
                  ['Last signed in', a.lastSignedInAt ? at(a.lastSignedInAt) : 'Never'],
                  ['Password last set', a.passwordSetAt ? at(a.passwordSetAt) : 'Not set'],
                  [
                    'Authenticator app',
                    a.authenticatorAppSetUpAt ? `Set up ${at(a.authenticatorAppSetUpAt)}` : 'No',
                  ],
                ],
              }
            : { title, description, facts: [], empty: 'There is no portal account.' },
        );
        break;
      }
      case 'signInHistory': {
        type E = { at: Date; event: string; ip: string | null; device: string | null };
        sections.push({
          title,
          description,
          table: {
            columns: [
              { title: 'When', width: 1.3 },
              { title: 'What happened', width: 2.8 },
              { title: 'IP address', width: 1.3 },
              { title: 'Device', width: 1.6 },
            ],
            rows: list<E>(key).map((e) => [at(e.at), e.event, text(e.ip), text(e.device)]),
          },
        });
        break;
      }
      case 'sessions': {
        type S = {
          startedAt: Date;
          lastSeenAt: Date;
          endedAt: Date | null;
          endedReason: string | null;
          sharedDevice: boolean;
          ip: string | null;
          device: string;
        };
        sections.push({
          title,
          description,
          table: {
            columns: [
              { title: 'Started', width: 1.3 },
              { title: 'Last used', width: 1.3 },
              { title: 'Ended', width: 1.6 },
              { title: 'IP address', width: 1.2 },
              { title: 'Device', width: 1.6 },
            ],
            rows: list<S>(key).map((x) => [
              at(x.startedAt),
              at(x.lastSeenAt),
              x.endedAt ? `${at(x.endedAt)} (${text(x.endedReason)})` : 'Not ended',
              text(x.ip),
              `${x.device}${x.sharedDevice ? ' (shared computer)' : ''}`,
            ]),
          },
        });
        break;
      }
      case 'knownDevices': {
        type D = { firstSeenAt: Date; lastSeenAt: Date; device: string };
        sections.push({
          title,
          description,
          table: {
            columns: [
              { title: 'Device', width: 2 },
              { title: 'First used', width: 1.5 },
              { title: 'Last used', width: 1.5 },
            ],
            rows: list<D>(key).map((d) => [d.device, at(d.firstSeenAt), at(d.lastSeenAt)]),
          },
        });
        break;
      }
      case 'policyAcceptances': {
        type P = { policy: string; effectiveDate: string; acceptedAt: Date; ip: string | null };
        sections.push({
          title,
          description,
          table: {
            columns: [
              { title: 'Policy', width: 2.5 },
              { title: 'In force from', width: 1.3 },
              { title: 'Accepted', width: 1.3 },
              { title: 'IP address', width: 1.2 },
            ],
            rows: list<P>(key).map((p) => [
              p.policy,
              day(p.effectiveDate),
              at(p.acceptedAt),
              text(p.ip),
            ]),
          },
        });
        break;
      }
      case 'emailsSent': {
        type M = { createdAt: Date; to: string; subject: string; status: string };
        sections.push({
          title,
          description,
          table: {
            columns: [
              { title: 'When', width: 1.3 },
              { title: 'To', width: 2 },
              { title: 'Subject', width: 3 },
              { title: 'Status', width: 0.9 },
            ],
            rows: list<M>(key).map((m) => [at(m.createdAt), m.to, m.subject, m.status]),
          },
        });
        break;
      }
      case 'auditTrail': {
        type T = {
          at: Date;
          event: string;
          action: string;
          who: string;
          ip: string | null;
          device: string | null;
          details: Record<string, unknown>;
        };
        sections.push({
          title,
          description,
          table: {
            columns: [
              { title: 'When', width: 1.25 },
              { title: 'What happened', width: 2.2 },
              { title: 'Who', width: 1.8 },
              { title: 'From', width: 1.4 },
              { title: 'Details', width: 2 },
            ],
            rows: list<T>(key).map((e) => [
              at(e.at),
              `${e.event} [${e.action}]`,
              e.who,
              e.ip ? `${e.ip}${e.device ? `, ${e.device}` : ''}` : '—',
              compactDetails(e.details, 160) || '—',
            ]),
          },
        });
        break;
      }
      default:
        break;
    }
    // The contents count records (3 reports), not printed rows (a row per subject).
    if (sections.length > before && sections.at(-1)!.table) sections.at(-1)!.count = entries;
  }
  return sections;
}
