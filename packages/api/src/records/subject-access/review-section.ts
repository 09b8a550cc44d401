import { compactDetails } from '../../audit';
import { COURT_ORDER_LABELS, type Db, label } from './contents';
import { type ReviewMessage } from './messages-section';
import { type PdfSection } from './pdf';
import { auditTrailEntries, type Trail } from './trail-sections';

// "Review before release" (issue 10 item 14): audit entries about a court-order restriction are
// held back from a student's releasable audit trail. Family court matters can identify and affect
// other people (the other parent, the child), so the data protection officer decides what of them
// may be disclosed; until then they are listed apart, clearly marked as not for release.

export const REVIEW_NOTE =
  'Audit entries about a court order restriction are not in the audit trail. They are listed under “Review before release” for the data protection officer, who decides what may be disclosed; that section is not part of the release and must be removed before the export is sent.';

export const REVIEW_INSTRUCTION =
  'Not for release. For the data protection officer: these audit entries are about a court order restriction and are left out of the audit trail. Decide what may be disclosed, then remove this section before the export is sent.';

export const REVIEW_TITLE = 'Review before release (not for release)';

export type ReviewEntry = Trail[number] & {
  /** Why it is held back: "Court order restriction (Prohibited steps order)". */
  heldBackBecause: string;
};

export interface ReviewSection {
  notForRelease: true;
  instruction: string;
  entries: ReviewEntry[];
  /** Messages written by other people than the subject (messages-section.ts). */
  messages: ReviewMessage[];
}

/** A student's audit trail split into what may be released and what waits for review. */
export async function auditTrailForRelease(
  db: Db,
  options: { userId: string | null; studentId: string },
): Promise<{ auditTrail: Trail; reviewBeforeRelease: Omit<ReviewSection, 'messages'> }> {
  const entries = await auditTrailEntries(db, options);
  return {
    auditTrail: entries.filter((e) => e.courtOrderType === null).map((e) => e.entry),
    reviewBeforeRelease: {
      notForRelease: true,
      instruction: REVIEW_INSTRUCTION,
      entries: entries.flatMap(({ entry, courtOrderType }) =>
        courtOrderType === null
          ? []
          : [
              {
                ...entry,
                heldBackBecause: `Court order restriction (${label(COURT_ORDER_LABELS, courtOrderType)})`,
              },
            ],
      ),
    },
  };
}

/** The section as printed first in the PDF, so that it cannot be missed. */
export function reviewPdfSection(
  review: ReviewSection,
  at: (value: Date | string) => string,
): PdfSection {
  return {
    title: REVIEW_TITLE,
    description: review.instruction,
    table: {
      columns: [
        { title: 'When', width: 1.25 },
        { title: 'What happened', width: 2 },
        { title: 'Who', width: 1.6 },
        { title: 'Held back because', width: 1.6 },
        { title: 'Details', width: 2 },
      ],
      rows: review.entries.map((e) => [
        at(e.at),
        `${e.event} [${e.action}]`,
        e.who,
        e.heldBackBecause,
        compactDetails(e.details, 160) || '—',
      ]),
    },
    empty: 'Nothing in this export needs review before release.',
    count: review.entries.length,
  };
}
