/**
 * OneRoster's `grades` column, read as UK management systems write it: the National Curriculum
 * year, with or without a leading zero (`7`, `07` and `Y7` are all Year 7). Some exporters write
 * US/CEDS grades instead, one below the English year of a child of the same age (`06` is Year 7);
 * a school whose exporter does that turns on the setting and `scheme` is then `us`. `Y7` and
 * `Year 7` are English years under either scheme. A secondary school has Years 7 to 13.
 */
export type GradeScheme = 'uk' | 'us';
export type GradeCheck = { ok: true; yearGroup: number } | { ok: false; message: string };

export const FIRST_YEAR = 7;
export const LAST_YEAR = 13;

export function yearGroupFromGrade(grade: string, scheme: GradeScheme = 'uk'): GradeCheck {
  const value = grade.trim();
  const english = /^(?:y|year)\s*(\d{1,2})$/i.exec(value);
  if (english) return inRange(Number(english[1]), value, scheme);
  if (/^\d{1,2}$/.test(value)) {
    return inRange(Number(value) + (scheme === 'us' ? 1 : 0), value, scheme);
  }
  return {
    ok: false,
    message:
      scheme === 'us'
        ? `grades "${value}" is not a US grade we know: use "06" (Year 7) to "12" (Year 13), or "Y7" to "Y13".`
        : `grades "${value}" is not a National Curriculum year: use 7 to 13 (or 07, Y7 …).`,
  };
}

function inRange(year: number, value: string, scheme: GradeScheme): GradeCheck {
  if (year >= FIRST_YEAR && year <= LAST_YEAR) return { ok: true, yearGroup: year };
  const hint =
    scheme === 'uk' && year === FIRST_YEAR - 1
      ? ' If your system writes US grades (06 for Year 7), turn on “Our roster export writes US grades” in the settings.'
      : '';
  return {
    ok: false,
    message: `grades "${value}" is Year ${year}, outside a secondary school's Years 7 to 13.${hint}`,
  };
}

/** The year a form's code starts with (`7A`, `10-N`, `Y11B`), or null when it names none. */
export function yearOfForm(code: string): number | null {
  const match = /^(?:y(?:ear)?\s*)?(\d{1,2})(?!\d)/i.exec(code.trim());
  if (!match) return null;
  const year = Number(match[1]);
  return year >= FIRST_YEAR && year <= LAST_YEAR ? year : null;
}
