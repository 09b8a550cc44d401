import { escapeHtml } from './escape';

/** Who the email comes from: every email names the school and its enquiries address (P12). */
export interface SchoolIdentity {
  name: string;
  enquiriesEmail: string;
}

export interface ComposeInput {
  school: SchoolIdentity;
  subject: string;
  /** e.g. 'Dear Nadia Okafor,'; 'Hello,' when absent. */
  greeting?: string;
  /** Plain text, one entry per paragraph; escaped in the HTML part. */
  paragraphs: string[];
  /** One link, shown as a button in HTML and as a bare URL in the text part. */
  action?: { label: string; url: string };
}

export interface ComposedEmail {
  subject: string;
  text: string;
  html: string;
}

// Colours meet WCAG AAA contrast on white: body text 17.4:1, footer 12.6:1, links and button 8.4:1.
const TEXT = '#1a1a1a';
const MUTED = '#333333';
const BUTTON = '#0b4f8a';

/**
 * Builds the text and HTML parts of an email. The HTML is plain and accessible: lang="en-GB", a
 * <title>, no images, high contrast, and link text that says where the link goes; every link is
 * also written out in full for readers whose client hides buttons.
 */
export function composeEmail(input: ComposeInput): ComposedEmail {
  const school = {
    name: oneLine(input.school.name),
    enquiriesEmail: oneLine(input.school.enquiriesEmail),
  };
  if (!school.name || !school.enquiriesEmail) {
    throw new Error('Every email needs the school name and enquiries email address (P12).');
  }
  const subject = oneLine(input.subject);
  if (!subject) throw new Error('An email needs a subject.');
  const greeting = input.greeting?.trim() || 'Hello,';
  const action = input.action && {
    label: oneLine(input.action.label),
    url: checkUrl(input.action.url),
  };
  return {
    subject,
    text: composeText(school, greeting, input.paragraphs, action),
    html: composeHtml(school, subject, greeting, input.paragraphs, action),
  };
}

type Action = { label: string; url: string } | undefined;

function composeText(
  school: SchoolIdentity,
  greeting: string,
  paragraphs: string[],
  action: Action,
): string {
  const blocks = [greeting, ...paragraphs.map((p) => p.trim())];
  if (action) blocks.push(`${action.label}:\n${action.url}`);
  blocks.push(`--\n${school.name}\nQuestions, complaints or appeals: ${school.enquiriesEmail}`);
  return `${blocks.join('\n\n')}\n`;
}

function composeHtml(
  school: SchoolIdentity,
  subject: string,
  greeting: string,
  paragraphs: string[],
  action: Action,
): string {
  const p = (text: string) => `<p style="margin:0 0 16px;">${escapeHtml(text)}</p>`;
  const name = escapeHtml(school.name);
  const enquiries = escapeHtml(school.enquiriesEmail);
  const body = [
    `<p style="margin:0 0 24px;font-size:18px;font-weight:bold;">${name}</p>`,
    p(greeting),
    ...paragraphs.map((text) => p(text.trim())),
  ];
  if (action) {
    const href = escapeHtml(action.url);
    body.push(
      `<p style="margin:24px 0;"><a href="${href}" style="display:inline-block;padding:12px 20px;` +
        `background:${BUTTON};color:#ffffff;font-weight:bold;text-decoration:underline;">` +
        `${escapeHtml(action.label)}</a></p>`,
      `<p style="margin:0 0 16px;">If the link does not work, copy this address into your ` +
        `browser:<br><a href="${href}" style="color:${BUTTON};word-break:break-all;">${href}</a></p>`,
    );
  }
  body.push(
    `<hr style="border:0;border-top:1px solid ${MUTED};margin:32px 0 16px;">`,
    `<p style="margin:0;font-size:14px;color:${MUTED};">This email was sent by ${name}. ` +
      `Questions, complaints or appeals: <a href="mailto:${enquiries}" style="color:${BUTTON};">` +
      `${enquiries}</a></p>`,
  );
  return [
    '<!doctype html>',
    '<html lang="en-GB">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="color-scheme" content="light">',
    `<title>${escapeHtml(subject)}</title>`,
    '</head>',
    `<body style="margin:0;padding:0;background:#ffffff;color:${TEXT};` +
      `font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:1.5;">`,
    '<div style="max-width:600px;margin:0 auto;padding:24px;">',
    ...body,
    '</div>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/** Header-like values (subject, names, addresses) on one line with no stray spaces. */
function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Only web links go in a button: a `javascript:` or `data:` URL is a bug, not an email. */
function checkUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    throw new Error('An email action needs an absolute URL.');
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new Error('An email action must be an http(s) URL.');
  }
  return parsed.href;
}
