/**
 * An email address with its name hidden but for the first letter: d*****@example.org. Always five
 * stars, so the mask does not tell the name's length either. Anything without an @ is all stars.
 */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at < 1) return '*****';
  return `${email[0]}*****${email.slice(at)}`;
}
