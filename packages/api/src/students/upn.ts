/**
 * A Unique Pupil Number (DfE): 13 characters, a check letter then 12 digits (local authority,
 * school, year and serial). A temporary UPN, given while the real one is unknown, ends in a letter
 * instead of the last digit. Spaces and letter case are forgiven; the check letter itself is not
 * recomputed, so a number copied from the school's system is never refused on a technicality.
 */
export type UpnCheck = { ok: true; upn: string } | { ok: false; message: string };

const UPN_SHAPE =
  'a letter, then 12 digits (a temporary UPN ends in a letter instead of the last digit)';

export function checkUpn(value: string): UpnCheck {
  const upn = value.replace(/\s+/g, '').toUpperCase();
  if (upn.length !== 13) {
    return {
      ok: false,
      message: `A UPN has 13 characters: ${UPN_SHAPE}. This one has ${upn.length}.`,
    };
  }
  if (!/^[A-Z][0-9]{11}[0-9A-Z]$/.test(upn)) {
    return { ok: false, message: `A UPN is ${UPN_SHAPE}, for example A123456789012.` };
  }
  return { ok: true, upn };
}
