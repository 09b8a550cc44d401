import { sql } from 'kysely';
import type { Database } from '@schoolgate/db';

export interface Term {
  id: string;
  name: string;
  startsOn: string;
  endsOn: string;
  updatedAt: Date;
}

export interface AcademicYear {
  /** 1 September. */
  startsOn: string;
  /** 31 August of the next year. */
  endsOn: string;
  /** "2026 to 2027". */
  label: string;
}

export interface SchoolCalendar {
  /** Today in the school's time zone. */
  today: string;
  /** Every term, earliest first. */
  terms: Term[];
  /** The academic year (1 September to 31 August) containing today. */
  academicYear: AcademicYear;
  /** The terms starting in that academic year, earliest first. */
  yearTerms: Term[];
  /** The term containing today, or null in a holiday. */
  currentTerm: Term | null;
  /** The term containing today, else the latest term that has started (the one just ended). */
  thisTerm: Term | null;
}

/** The academic year (1 September to 31 August) containing `date` ('YYYY-MM-DD'). */
export function academicYearOf(date: string): AcademicYear {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  const start = month >= 9 ? year : year - 1;
  return {
    startsOn: `${start}-09-01`,
    endsOn: `${start + 1}-08-31`,
    label: `${start} to ${start + 1}`,
  };
}

/** Today, the terms and this academic year, in one query. */
export async function loadSchoolCalendar(db: Database, now: Date): Promise<SchoolCalendar> {
  const rows = await db
    .selectFrom('school_settings as ss')
    .leftJoin('terms as t', (join) => join.onTrue())
    .select([
      't.id',
      't.name',
      't.starts_on',
      't.ends_on',
      't.updated_at',
      sql<string>`((${now}::timestamptz) at time zone ss.time_zone)::date`.as('today'),
    ])
    .where('ss.id', '=', 1)
    .orderBy('t.starts_on')
    .execute();
  const today = rows[0]!.today;
  const terms: Term[] = rows.flatMap((row) =>
    row.id === null
      ? []
      : [
          {
            id: row.id,
            name: row.name!,
            startsOn: row.starts_on!,
            endsOn: row.ends_on!,
            updatedAt: row.updated_at!,
          },
        ],
  );
  const academicYear = academicYearOf(today);
  const yearTerms = terms.filter(
    (t) => t.startsOn >= academicYear.startsOn && t.startsOn <= academicYear.endsOn,
  );
  const currentTerm = terms.find((t) => t.startsOn <= today && today <= t.endsOn) ?? null;
  const thisTerm = currentTerm ?? terms.filter((t) => t.startsOn <= today).at(-1) ?? null;
  return { today, terms, academicYear, yearTerms, currentTerm, thisTerm };
}
