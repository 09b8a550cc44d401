/**
 * OneRoster gives grades as CEDS codes, the US grade levels ("KG", "01" … "12", "13", "PS", …).
 * A US grade is one less than the English year group of a child of the same age (US grade 8 is
 * Year 9), so a two-digit grade g becomes Year g + 1; a secondary school has Years 7 to 13, so
 * "06" to "12". Schools whose system writes English years directly may give "Y9" or "Year 9".
 * A bare single digit ("9") is refused: it could be either, and a guess would put a child in the
 * wrong year.
 */
export type GradeCheck = { ok: true; yearGroup: number } | { ok: false; message: string };

export const FIRST_YEAR = 7;
export const LAST_YEAR = 13;

export function yearGroupFromGrade(grade: string): GradeCheck {
  const value = grade.trim();
  const english = /^(?:y|year)\s*(\d{1,2})$/i.exec(value);
  if (english) return inRange(Number(english[1]), value);
  if (/^\d{2}$/.test(value)) return inRange(Number(value) + 1, value);
  if (/^\d$/.test(value)) {
    return {
      ok: false,
      message: `Grade "${value}" is ambiguous: write the CEDS code "${value.padStart(2, '0')}" (Year ${Number(value) + 1}) or "Y${value}" for Year ${value}.`,
    };
  }
  return {
    ok: false,
    message: `Grade "${value}" is not one we know: use a CEDS grade from "06" (Year 7) to "12" (Year 13), or "Y7" to "Y13".`,
  };
}

function inRange(year: number, value: string): GradeCheck {
  if (year >= FIRST_YEAR && year <= LAST_YEAR) return { ok: true, yearGroup: year };
  return {
    ok: false,
    message: `Grade "${value}" is Year ${year}, outside a secondary school's Years 7 to 13.`,
  };
}
