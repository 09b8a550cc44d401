import { DEMO_PEOPLE } from './accounts';
import { addDays } from './calendar';
import { textPdf } from './pdf';
import type { InfoDocumentRow, InfoPageRow, PeriodRow } from './rows';
import { INSET_DAY, type TermCalendar } from './terms';

export interface InformationContext {
  terms: TermCalendar;
  periods: readonly PeriodRow[];
  schoolName: string;
  enquiriesEmail: string;
  /** The admin's user id: the pages were last edited by them. */
  editor: string;
  now: Date;
}

export interface DemoInformation {
  pages: InfoPageRow[];
  documents: InfoDocumentRow[];
}

// Ofcom's drama range for Birmingham, where a Northfield is: never a real line.
const OFFICE_PHONE = '0121 496 0120';
const ABSENCE_LINE = '0121 496 0121';

type Audience = 'everyone' | 'staff' | 'governors';

interface Page {
  slug: string;
  title: string;
  summary: string;
  audience: Audience;
  body: string;
  documents?: { title: string; file_name: string; lines: string[] }[];
}

/**
 * The school's information pages: term dates (from the calendar), uniform, the school day (from
 * the periods), attendance, contacts, and a handbook each for staff and for governors.
 */
export function buildInformation(context: InformationContext): DemoInformation {
  const { terms, now, editor } = context;
  const pages: Page[] = [
    termDates(terms),
    uniform(),
    schoolDay(context.periods),
    attendancePolicy(),
    contacting(context),
    staffHandbook(),
    governorsHandbook(),
  ];
  const result: DemoInformation = { pages: [], documents: [] };
  pages.forEach((page, i) => {
    const id = crypto.randomUUID();
    const edited = new Date(now.getTime() - (i + 2) * 86_400_000);
    result.pages.push({
      id,
      slug: page.slug,
      title: page.title,
      summary: page.summary,
      body_markdown: page.body,
      for_parents: page.audience === 'everyone',
      for_students: page.audience === 'everyone',
      for_staff: page.audience !== 'governors',
      for_governors: page.audience !== 'staff',
      sort_order: i + 1,
      updated_by_user_id: editor,
      created_at: new Date(now.getTime() - 90 * 86_400_000),
      updated_at: edited,
    });
    for (const document of page.documents ?? []) {
      result.documents.push({
        id: crypto.randomUUID(),
        page_id: id,
        title: document.title,
        file_name: document.file_name,
        content_type: 'application/pdf',
        data: textPdf([document.title, '', ...document.lines]),
        updated_at: edited,
      });
    }
  });
  return result;
}

/** "Tuesday 1 September 2026". */
function longDate(date: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone: 'UTC',
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  })
    .format(new Date(`${date}T00:00:00Z`))
    .replace(',', '');
}

const span = (from: string, to: string) =>
  from === to ? longDate(from) : `${longDate(from)} to ${longDate(to)}`;

function termDates(terms: TermCalendar): Page {
  const year = terms.academicYear;
  const lines: string[] = [];
  const body = terms.thisYear.map((term) => {
    const [season = '', calendarYear = ''] = term.name.split(' ');
    const closures = terms.closures.filter(
      (c) => c.starts_on >= term.starts_on && c.ends_on <= term.ends_on,
    );
    const inset = closures.find((c) => c.reason === INSET_DAY);
    const firstDay = inset ? addDays(inset.ends_on, 1) : term.starts_on;
    const items = [
      `- **Term starts:** ${longDate(term.starts_on)}${inset ? ` (staff training day: students start on ${longDate(firstDay)})` : ''}`,
      ...closures
        .filter((c) => c !== inset)
        .map((c) => `- **${c.reason}:** ${span(c.starts_on, c.ends_on)} (school closed)`),
      `- **Term ends:** ${longDate(term.ends_on)}`,
    ];
    lines.push(`${season} term ${calendarYear}: ${span(term.starts_on, term.ends_on)}`);
    for (const c of closures) lines.push(`    ${c.reason}: ${span(c.starts_on, c.ends_on)}`);
    return `## ${season} term ${calendarYear}\n\n${items.join('\n')}`;
  });
  return {
    slug: 'term-dates',
    title: `Term dates ${year} to ${year + 1}`,
    summary: 'When each term starts and ends, half-terms and training days.',
    audience: 'everyone',
    body: `School is open to students on the days below, except the closures listed.

${body.join('\n\n')}

## Holidays in term time

Please book holidays in the school holidays. The headteacher can agree time off in term only
in exceptional circumstances: see the [attendance policy](/information/attendance-policy).`,
    documents: [
      { title: `Term dates ${year} to ${year + 1}`, file_name: `term-dates-${year}.pdf`, lines },
    ],
  };
}

function uniform(): Page {
  return {
    slug: 'uniform',
    title: 'Uniform',
    summary: 'What students wear to school and for PE, and where to buy it.',
    audience: 'everyone',
    body: `## Everyday uniform

- Navy blazer with the school badge
- White shirt (long or short sleeves) and the school tie
- Black trousers or a black knee-length skirt
- Plain black school shoes (not trainers or boots)
- Optional: navy V-neck jumper

## PE kit

- Navy school PE polo shirt and navy shorts or leggings
- Navy sports socks and trainers; football boots and shin pads in the winter

## Where to buy it

Badged items (blazer, tie, PE polo) come from the school's supplier; everything else from any
shop. The price list is below. The PTA runs a **second-hand uniform sale** every half-term.

If the cost of uniform is a worry, please [contact the school](/information/contacting-the-school)
in confidence: we can help.`,
    documents: [
      {
        title: 'Uniform price list',
        file_name: 'uniform-price-list.pdf',
        lines: [
          'Blazer with badge (sizes 28"–36")  £32.00',
          'Blazer with badge (sizes 38"–44")  £36.00',
          'School tie (clip-on)  £6.50',
          'PE polo shirt with badge  £14.00',
          'PE shorts  £11.00',
          'Navy V-neck jumper (optional)  £15.00',
          '',
          'Second-hand items from the PTA sale: £1–£5.',
        ],
      },
    ],
  };
}

function schoolDay(periods: readonly PeriodRow[]): Page {
  const time = (t: string) => String(t).slice(0, 5);
  const row = (p: PeriodRow | undefined) =>
    p ? `| ${time(p.starts_at)}–${time(p.ends_at)} | ${p.name} |` : '';
  const [p1, p2, p3, p4, p5] = periods;
  return {
    slug: 'school-day',
    title: 'The school day',
    summary: 'Times of lessons, breaks and registration.',
    audience: 'everyone',
    body: `## Times

| Time | What happens |
| --- | --- |
| 08:30 | Gates open |
| 08:40–08:50 | Form time; the morning register is taken |
${row(p1)}
${row(p2)}
| 10:50–11:10 | Break |
${row(p3)}
${row(p4)}
| 13:10–14:00 | Lunch; the afternoon register is taken at 13:45 |
${row(p5)}
| 15:00 | End of the school day; clubs until 16:10 |

## Week A and Week B

Our timetable runs over **two weeks**, Week A then Week B. The portal shows which week it is.

## Arriving late

Students who arrive after 08:50 sign in at the main office. The register closes at 09:20:
arriving after then without a good reason counts as an unauthorised absence for the morning.`,
  };
}

function attendancePolicy(): Page {
  return {
    slug: 'attendance-policy',
    title: 'Attendance policy',
    summary: 'Why attendance matters, how to tell us about an absence, and how we record it.',
    audience: 'everyone',
    body: `## Every day counts

Students who attend well do better. We aim for every student to attend at least **96%** of the
time. Below 90% is "persistent absence", and we will contact you to see how we can help.

## If your child is absent

1. Phone the absence line on **${ABSENCE_LINE}** before 08:30 on each day of absence.
2. Say your child's name and form, and the reason.
3. For medical appointments, show the appointment card at the office; please book them outside
   school hours where you can.

If we have not heard from you, the absence shows as **N (no reason yet)** until you tell us.

## How absences are recorded

We use the codes set by the Department for Education (2024):

- **Present** (/ and \\\\) and **late before the register closes** (L).
- **Approved activities** such as school trips (V) or off-site education (B) count as present.
- **Authorised absence**: for example illness (I), medical appointments (M), exceptional
  circumstances agreed by the headteacher (C).
- **Unauthorised absence**: holidays not agreed (G), no reason yet (N), other (O), late after the
  register closed (U).

Read more in the government's guidance on
[school attendance and absence](https://www.gov.uk/school-attendance-absence).`,
  };
}

function contacting(context: InformationContext): Page {
  const dsl = DEMO_PEOPLE.dsl;
  return {
    slug: 'contacting-the-school',
    title: 'Contacting the school',
    summary: 'Who to contact, and how.',
    audience: 'everyone',
    body: `## Main office

- **Phone:** ${OFFICE_PHONE} (08:00–16:30, Monday to Friday)
- **Absence line:** ${ABSENCE_LINE} (any time; please call before 08:30)
- **Email:** [${context.enquiriesEmail}](mailto:${context.enquiriesEmail})
- **Address:** ${context.schoolName}, Northfield Lane, Northfield NF1 2AB

## Who to contact

1. **Your child's form tutor**, for most day-to-day questions.
2. **The Head of Year**, if something is not resolved.
3. **The special educational needs co-ordinator (SENCo)**, about extra support.

## Worried about a child's safety?

Contact our Designated Safeguarding Lead, ${dsl.title} ${dsl.forename} ${dsl.surname}, through
the main office straight away. In an emergency, call 999.

## Something wrong in the portal?

Use **Report a problem with this** beside the record, or **Tell us about a change** for a new
address, phone number or email.`,
  };
}

function staffHandbook(): Page {
  return {
    slug: 'staff-handbook',
    title: 'Staff handbook',
    summary: 'Registers, behaviour, safeguarding and cover: the essentials for staff.',
    audience: 'staff',
    body: `## Registers

- Take the morning register by 08:50 and the afternoon register by 13:45.
- Lesson registers within the first ten minutes.
- Mark late arrivals L with the minutes late; after 09:20 the office records U.

## Behaviour

- Record positive points generously: **Achievement**, **Effort**, **Kindness**,
  **Contribution to class**.
- Negative points follow the ladder: warning, move seat, 20-minute detention, after-school
  detention (24 hours' notice to parents).

## Safeguarding

Log every concern **the same day** and tell the DSL in person if a child may be at risk. Never
promise a child to keep a secret.

## Data protection

Every view of a student's record in the portal is logged. Lock your screen when you leave the
room, and never share a screen with student data on it.

## Cover

Cover requests to the cover manager by 07:30. Set work in Google Classroom.`,
  };
}

function governorsHandbook(): Page {
  return {
    slug: 'governors-handbook',
    title: 'Governors handbook',
    summary: 'Meetings, committees and visits for the governing board.',
    audience: 'governors',
    body: `## Meetings

The full governing board meets twice a term; committees meet once a term:

- **Resources** (finance, premises, staffing)
- **Curriculum and standards** (including attendance and behaviour)

## Visiting the school

Arrange visits through the clerk. Sign in at the main office and wear your visitor badge.

## Confidentiality

Governors see **no information about individual pupils** in the portal. Discussion of named
pupils or staff in meetings stays confidential.

## Contact

The [clerk to governors](mailto:clerk@northfield.example.org) handles papers and apologies.`,
    documents: [
      {
        title: "Governors' code of conduct",
        file_name: 'governors-code-of-conduct.pdf',
        lines: [
          'As a governor of Northfield Academy I will:',
          '- act in the best interests of all pupils;',
          '- respect the confidentiality of board discussions;',
          '- declare any interest that may conflict with my role;',
          '- attend meetings, and visit the school through the agreed arrangements.',
        ],
      },
    ],
  };
}
