import { composeEmail, type ComposedEmail, type SchoolIdentity } from '@schoolgate/email';

export type ReportDecision = 'accepted' | 'more_information' | 'refused';

const SUBJECTS: Record<ReportDecision, string> = {
  accepted: 'The school has accepted your absence report',
  more_information: 'The school needs more information about an absence',
  refused: 'The school could not accept your absence report',
};

/**
 * The office has decided on a parent's absence report. The email names the child and the days and
 * says what happened, with a link; the school's words are read in the portal, where the policy
 * keeps pupil data (they may be about health).
 */
export function decisionEmail(
  school: SchoolIdentity,
  name: string,
  decision: ReportDecision,
  childName: string,
  when: string,
  link: string | null,
): ComposedEmail {
  const what: Record<ReportDecision, string> = {
    accepted: `The school has accepted your report of ${childName}’s absence (${when}). The register now shows it as authorised.`,
    more_information: `The school needs more information about your report of ${childName}’s absence (${when}) before it can decide.`,
    refused: `The school could not accept your report of ${childName}’s absence (${when}). The absence stays unauthorised. The school has written to say why.`,
  };
  const next =
    decision === 'accepted'
      ? 'Sign in to the parent portal to see the report and the attendance record.'
      : 'Sign in to the parent portal to read the school’s message on the report.';
  return composeEmail({
    school,
    subject: SUBJECTS[decision],
    greeting: `Dear ${name},`,
    paragraphs: [what[decision], next],
    ...(link ? { action: { label: 'Open the report', url: link } } : {}),
  });
}
