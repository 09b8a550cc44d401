import type { DemoRole } from './accounts';
import { addDays } from './calendar';
import { atSchool } from './clock';
import { textPdf } from './pdf';
import type { NoticeReadRow, NoticeRow, NoticeScopeRow } from './rows';
import { dayOfWeek, type TermCalendar } from './terms';
import type { DemoTimetable } from './timetable';

export interface NoticesContext {
  terms: TermCalendar;
  timetable: DemoTimetable;
  users: Record<DemoRole, string>;
  /** Daniel's form: the form-scoped notice is one the demo parent sees. */
  form: string;
  now: Date;
}

export interface DemoNotices {
  notices: NoticeRow[];
  scopes: NoticeScopeRow[];
  reads: NoticeReadRow[];
}

type Audience = 'parents' | 'students' | 'staff' | 'governors';
type Scope = { year_group: number } | { form: string } | { group_id: string };

interface Spec {
  title: string;
  body: string;
  for: readonly Audience[];
  scopes?: readonly Scope[];
  /** Days before today it was published (negative: still to come). */
  published: number;
  expires?: number;
  author?: 'office' | 'admin';
  emailParents?: boolean;
  attachment?: { name: string; type: string; data: Buffer };
  readBy?: readonly DemoRole[];
}

/**
 * A dozen notices for every audience the portal has: the whole school, a year group, a form, a
 * teaching group, staff only and governors only; one with an attachment, one expired and one
 * not published yet. Every demo user but the parent has read a few.
 */
export function buildNotices(context: NoticesContext): DemoNotices {
  const { terms, timetable, users, form, now } = context;
  const next = (weekday: number, afterDays: number) => upcoming(terms, weekday, afterDays);
  const concert = next(4, 14);
  const mocks = next(1, 21);
  const trip = next(5, 10);
  const eveningY8 = next(3, 8);
  const bakeSale = next(5, 3);
  const governors = next(2, 9);
  const briefing = next(1, 1);
  const english = timetable.group(10, 'English');
  const year8Science = timetable.group(8, 'Science');
  const specs: Spec[] = [
    {
      title: 'Winter concert',
      for: ['parents', 'students'],
      published: 5,
      emailParents: true,
      readBy: ['student'],
      body: `## ${long(concert)}, 18:30, main hall

Our choirs, orchestra and bands would love you to come and listen. Everyone is welcome.

- Doors open at 18:00; the concert ends at about 20:00.
- Tickets are free, but please book so we can plan the seating.
- Performers: arrive by 17:30, in school uniform, with your music.

[Book tickets](https://northfield.example.org/concert). The PTA will sell refreshments in aid of
the music department.`,
    },
    {
      title: 'Year 10 mock exams',
      for: ['parents'],
      scopes: [{ year_group: 10 }],
      published: 3,
      emailParents: true,
      body: `## Mock exams start on ${long(mocks)}

Year 10 sit mock exams in English, maths and science over two weeks, in the sports hall, under
real exam conditions. The timetable is on the Year 10 noticeboard and in Google Classroom.

### How you can help
1. Check your child has a clear pencil case, a black pen, a calculator and a ruler.
2. Help them plan revision: short sessions, little and often.
3. Make sure they get a good night's sleep and breakfast on exam days.

Results come home in the **Year 10 Autumn** report. Questions to
[the Head of Year 10](mailto:year10@northfield.example.org).`,
    },
    {
      title: 'Year 8 trip to the Science Museum',
      for: ['parents', 'students'],
      scopes: [{ year_group: 8 }],
      published: 2,
      attachment: {
        name: 'trip-consent-form.pdf',
        type: 'application/pdf',
        data: textPdf([
          'Consent form',
          `Year 8 trip to the Science Museum, London: ${long(trip)}`,
          '',
          'I give consent for my child to go on this trip.',
          '',
          "Student's name: ______________________________   Form: ________",
          '',
          'Parent or carer: ______________________________',
          '',
          'Signed: ______________________________   Date: ____________',
          '',
          'Medical needs or allergies: ____________________________________',
          '',
          'Please return this form to the main office with the £12 contribution.',
        ]),
      },
      body: `## ${long(trip)}

Year 8 are visiting the Science Museum in London as part of their science course.

- **Leave:** 08:15 by coach from the front car park.
- **Return:** about 17:30, same place.
- **Cost:** a voluntary contribution of £12 (help is available: please ask).
- **Bring:** a packed lunch, a drink and a coat. School uniform.

Please sign and return the consent form (attached) by the end of next week. Questions to
${year8Science.code} science, or the main office.`,
    },
    {
      title: `${form}: charity bake sale on Friday`,
      for: ['parents', 'students'],
      scopes: [{ form }],
      published: 1,
      body: `## ${form} bake sale, ${long(bakeSale)}

${form} are running a bake sale at break to raise money for the local food bank.

- Cakes and biscuits very welcome: please bring them to the form room at 08:40.
- Please label anything containing **nuts**.
- Everything costs 50p.`,
    },
    {
      title: `${english.code}: bring your copy of An Inspector Calls`,
      for: ['parents', 'students'],
      scopes: [{ group_id: english.id }],
      published: 4,
      body: `## Starting our set text

From next week ${english.code} start reading *An Inspector Calls* by J. B. Priestley.

- Please bring your own copy to every English lesson (the school edition is fine).
- If you need a copy, the library has some to borrow.

[Revision guide on BBC Bitesize](https://www.bbc.co.uk/bitesize/topics/zpr7jhv)`,
    },
    {
      title: 'Staff briefing',
      for: ['staff'],
      published: 1,
      readBy: ['teacher', 'office', 'dsl', 'admin'],
      body: `## ${long(briefing)}, 08:15, library

1. Year 10 mock exam arrangements: invigilation rota.
2. Cover for the Year 8 Science Museum trip.
3. Safeguarding reminder from the DSL: log every concern the same day.
4. Report deadlines for the **Year 9 Spring** cycle.

Minutes will be on the [staff handbook page](/information/staff-handbook).`,
    },
    {
      title: `Governors meeting: ${long(governors)}`,
      for: ['governors'],
      published: 6,
      author: 'admin',
      body: `## Full governing board, ${long(governors)}, 18:00

In the conference room. Papers are in the governors' area.

### Agenda
1. Apologies and declarations of interest.
2. Headteacher's report, including attendance this term.
3. Safeguarding annual report.
4. Budget monitoring.

Please send apologies to the [clerk to governors](mailto:clerk@northfield.example.org).`,
    },
    {
      title: 'Welcome to the Northfield parent portal',
      for: ['parents', 'students', 'staff', 'governors'],
      published: 30,
      author: 'admin',
      readBy: ['teacher', 'office', 'governor', 'admin'],
      body: `## Everything in one place

The portal shows what you need to know about school life:

- the timetable, attendance, behaviour and reports (parents and students);
- notices from the school, like this one;
- information such as term dates and the uniform list.

If something looks wrong, use **Report a problem with this** beside it. The
[help pages](/help) explain how everything works.`,
    },
    {
      title: 'Flu vaccinations in school',
      for: ['parents', 'students'],
      published: 40,
      expires: 10,
      body: `## Nasal flu vaccine

The school nursing team will give the nasal flu vaccine in school.

- Please complete the NHS consent form online by the end of the week.
- If your child is unwell on the day, they will be offered a catch-up.

[NHS information about the vaccine](https://www.nhs.uk/vaccinations/child-flu-vaccine/)`,
    },
    {
      title: 'Spring term clubs',
      for: ['parents', 'students'],
      published: -3,
      body: `## Clubs next term

Sign-ups open soon for next term's after-school clubs.

- Coding club (Tuesday, C1)
- Orchestra (Wednesday, MU1)
- Netball and football (Thursday, sports hall)

[See the full list](https://northfield.example.org/clubs).`,
    },
    {
      title: 'Year 11 revision sessions',
      for: ['parents', 'students'],
      scopes: [{ year_group: 11 }],
      published: 8,
      body: `## After-school revision, 15:10–16:10

- Monday: maths (M1)
- Tuesday: English (E1)
- Wednesday: science (S1)

Drop in: no need to book. The full programme is on the
[revision page](https://northfield.example.org/revision).`,
    },
    {
      title: "Year 8 parents' evening",
      for: ['parents'],
      scopes: [{ year_group: 8 }],
      published: 9,
      emailParents: true,
      body: `## ${long(eveningY8)}, 16:30–19:00

Meet your child's teachers to talk about how the year has started.

1. Book five-minute appointments online from Monday.
2. Come to the main hall; your child is welcome too.

[Book appointments](https://northfield.example.org/parents-evening)`,
    },
    {
      title: 'Lost property',
      for: ['students'],
      published: 12,
      readBy: ['student'],
      body: `## Is your name in it?

Lost property is outside the main office. Anything not collected by the end of term goes to
the PTA's second-hand uniform sale.

- Label every piece of uniform.
- Check the PE changing rooms before you leave.`,
    },
  ];

  const notices: NoticeRow[] = [];
  const scopes: NoticeScopeRow[] = [];
  const reads: NoticeReadRow[] = [];
  for (const spec of specs) {
    const publishAt = atSchool(addDays(terms.today, -spec.published), '07:30');
    const written = new Date(Math.min(publishAt.getTime(), now.getTime()) - 86_400_000);
    const id = crypto.randomUUID();
    notices.push({
      id,
      title: spec.title,
      body_markdown: spec.body,
      author_user_id: users[spec.author ?? 'office'],
      for_parents: spec.for.includes('parents'),
      for_students: spec.for.includes('students'),
      for_staff: spec.for.includes('staff'),
      for_governors: spec.for.includes('governors'),
      publish_at: publishAt,
      expires_at:
        spec.expires === undefined ? null : atSchool(addDays(terms.today, -spec.expires), '18:00'),
      email_parents: spec.emailParents ?? false,
      attachment_name: spec.attachment?.name ?? null,
      attachment_type: spec.attachment?.type ?? null,
      attachment_data: spec.attachment?.data ?? null,
      created_at: written,
      updated_at: written,
    });
    for (const scope of spec.scopes ?? []) {
      scopes.push({
        id: crypto.randomUUID(),
        notice_id: id,
        year_group: null,
        form: null,
        group_id: null,
        ...scope,
      });
    }
    for (const role of spec.readBy ?? []) {
      const readAt = new Date(Math.min(publishAt.getTime() + 2 * 3_600_000, now.getTime()));
      reads.push({ notice_id: id, user_id: users[role], read_at: readAt });
    }
  }
  return { notices, scopes, reads };
}

/** The first school day on the given weekday (1 Monday … 5 Friday) at least `afterDays` away. */
function upcoming(terms: TermCalendar, weekday: number, afterDays: number): string {
  let fallback: string | undefined;
  for (let i = afterDays; i < afterDays + 120; i++) {
    const date = addDays(terms.today, i);
    if (dayOfWeek(date) !== weekday) continue;
    fallback ??= date;
    if (terms.isSchoolDay(date)) return date;
  }
  return fallback ?? addDays(terms.today, afterDays);
}

/** "Thursday 3 December". */
export function long(date: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone: 'UTC',
    weekday: 'long',
    day: 'numeric',
    month: 'long',
  })
    .format(new Date(`${date}T00:00:00Z`))
    .replace(',', '');
}
