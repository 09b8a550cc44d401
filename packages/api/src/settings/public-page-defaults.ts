/**
 * The accessibility statement and privacy notice the portal ships (issue 12), in the Markdown the
 * school edits in settings. Until the school writes its own, these are shown, filled in with the
 * school's name and enquiries address. Written in plain English, following the UK government's
 * model accessibility statement and the ICO's guidance on privacy notices.
 */

export const PUBLIC_PAGES = ['accessibility', 'privacy'] as const;
export type PublicPage = (typeof PUBLIC_PAGES)[number];

/** Each page's title, its <h1>, and what it is called in messages. */
export const PUBLIC_PAGE_TITLES: Record<PublicPage, string> = {
  accessibility: 'Accessibility statement',
  privacy: 'Privacy notice',
};

/** The most a page's text may hold; the database refuses more too. */
export const PUBLIC_PAGE_MAX_CHARACTERS = 20_000;

/** The day the built-in texts were written and the portal last tested against WCAG 2.2 AA. */
export const DEFAULTS_PREPARED_ON = '2026-12-07';

export interface SchoolDetails {
  schoolName: string;
  enquiriesEmail: string;
}

/**
 * Text that Markdown would read as formatting (`*`, `_`, `[`, …, or a heading or list marker at
 * the start) shown as it is, with no more backslashes than that needs: the administrator sees
 * this text in the settings form.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\\`*_[\]<>~]/g, (character) => `\\${character}`)
    .replace(
      /^(\s*)([#>+-]|\d+[.)])/,
      (_, space: string, marker: string) =>
        `${space}${marker.replace(/[#>+\-.)]/, (character) => `\\${character}`)}`,
    );
}

/** "7 December 2026", as the rest of the portal writes dates. */
function inWords(date: string): string {
  return new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeZone: 'UTC' }).format(
    new Date(`${date}T00:00:00Z`),
  );
}

/** The built-in text of a page for this school, as Markdown. */
export function defaultPublicPage(page: PublicPage, school: SchoolDetails): string {
  const name = escapeMarkdown(school.schoolName);
  const email = `[${escapeMarkdown(school.enquiriesEmail)}](mailto:${encodeURI(school.enquiriesEmail)})`;
  const prepared = inWords(DEFAULTS_PREPARED_ON);
  return page === 'accessibility'
    ? accessibilityStatement(name, email, prepared)
    : privacyNotice(name, email, prepared);
}

function accessibilityStatement(name: string, email: string, prepared: string): string {
  return `This statement is about the ${name} parent portal, the website where parents, carers, students, staff and governors sign in to see school information. The portal is run by ${name}.

We want as many people as possible to be able to use the portal. For example, you should be able to:

- change colours, contrast levels and fonts using your browser or device settings
- zoom in up to 400% without the text spilling off the screen
- use every page with a keyboard alone, or with speech recognition software
- listen to every page with a screen reader, including recent versions of JAWS, NVDA and VoiceOver
- use every page on a phone

We have also made the text as simple as we can to understand.

[AbilityNet](https://mcmw.abilitynet.org.uk/) has advice on making your device easier to use if you have a disability.

## How accessible the portal is

We believe every page of the portal can be used in all these ways.

Documents the school adds, such as letters attached to notices, are written by the school and may not all be accessible. If one is not, tell us and we will send you the information in a form you can use.

## Getting information in a different format

If you need information from the portal in a different format, such as large print, easy read, an audio recording or braille, email ${email}. We will reply within 5 school days.

## Reporting accessibility problems

We are always looking to improve the portal. If you find a problem that is not described on this page, or you think we are not meeting accessibility requirements, email ${email}. Please tell us which page it was and what went wrong.

## Enforcement procedure

The Equality and Human Rights Commission (EHRC) is responsible for enforcing the Public Sector Bodies (Websites and Mobile Applications) (No. 2) Accessibility Regulations 2018 (the "accessibility regulations"). If you are not happy with how we respond to your complaint, [contact the Equality Advisory and Support Service (EASS)](https://www.equalityadvisoryservice.com/).

If you are in Northern Ireland and are not happy with how we respond to your complaint, you can contact the [Equality Commission for Northern Ireland (ECNI)](https://www.equalityni.org/Home), which enforces the accessibility regulations in Northern Ireland.

## Technical information about the portal's accessibility

${name} is committed to making its website accessible, in line with the Public Sector Bodies (Websites and Mobile Applications) (No. 2) Accessibility Regulations 2018.

### Compliance status

The portal is fully compliant with the [Web Content Accessibility Guidelines version 2.2](https://www.w3.org/TR/WCAG22/) AA standard.

## Preparation of this accessibility statement

This statement was prepared on ${prepared}. It was last reviewed on ${prepared}.

The portal was last tested on ${prepared} by its developers. Every page was checked with automated accessibility tests against WCAG 2.2 AA, used with a keyboard alone, and used on a screen the width of a phone.
`;
}

function privacyNotice(name: string, email: string, prepared: string): string {
  return `This notice explains what information the ${name} parent portal holds about you, why, and what your rights are. It is about the portal only. The school's main privacy notice explains everything else the school holds.

## Who is responsible for your information

${name} is the data controller for the information in the portal. This means the school decides how it is used and is responsible for keeping it safe. If you have a question about this notice, or want to contact the school's data protection officer, email ${email}.

## What the portal holds

- **Your account**: your name, username and email address, your password in a scrambled form that nobody can read, and your two-step sign-in if you use it.
- **How you use the portal**: when you signed in, from which device and internet address, and each time you looked at a student's information.
- **The children you care for**: information the school already holds and shows you here, such as timetables, attendance, behaviour, reports and notices.
- **What you send us**: your request for access and the evidence of parental responsibility the school checked, changes to your details, and problems you report.
- **Emails we send you**, such as links to set up your account, password reminders and notices.

The portal uses one cookie, to keep you signed in. It has no advertising or tracking cookies.

## Why we use it, and our lawful basis

We use this information to give parents, carers and students safe access to school information, to make sure only the right people see each child's records, and to keep the portal secure.

Our lawful basis is **public task** (UK GDPR Article 6(1)(e)): running a school and keeping parents informed about their child's education are part of the school's official work. Where you tell us about a child's health, the school also relies on the conditions for special category data described in its main privacy notice.

## Who we share it with

We do not sell your information or use it for marketing. Emails are sent through the school's email provider, and the portal is kept on computers the school controls or has a contract for. We share information with others, such as the local authority, only when the law requires or allows it, for example to keep a child safe.

## How long we keep it

We keep your information only for as long as we need it, in line with the school's records retention policy. Your account stays open while you have a child at the school who you have parental responsibility for; the school closes it when it is no longer needed. The record of sign-ins and of who looked at each student's information is kept so that the school can answer questions about it later.

## Your rights

You have the right to:

- ask for a copy of the information we hold about you (a "subject access request"). We will reply within one month
- ask us to correct information that is wrong. You can use "Tell us about a change" in the portal
- ask us to delete information, or to limit how we use it, in some situations
- object to how we use your information

Parents of pupils at maintained schools in England can also ask to see their child's educational record. We will reply within 15 school days.

To use any of these rights, email ${email}.

## If you are not happy

Please tell us first, by emailing ${email}. If you are still not happy, you can complain to the Information Commissioner's Office (ICO) at [ico.org.uk/make-a-complaint](https://ico.org.uk/make-a-complaint/) or by phone on 0303 123 1113.

## Changes to this notice

This notice was last changed on ${prepared}.
`;
}
