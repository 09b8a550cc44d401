import { isIP } from 'node:net';

const PROBLEM = 'Enter an address range like 203.0.113.0/24 or 2001:db8::/32, or leave it empty.';

/** Why `value` is not an address range PostgreSQL's `cidr` accepts, or null when it is. */
export function allowedRangeProblem(value: string): string | null {
  const [address, bits, ...rest] = value.split('/');
  if (rest.length > 0 || !address) return PROBLEM;
  const family = isIP(address);
  if (family === 0) return PROBLEM;
  const max = family === 4 ? 32 : 128;
  if (bits === undefined) return null;
  if (!/^\d{1,3}$/.test(bits) || Number(bits) > max) return PROBLEM;
  if (!hostBitsAreZero(address, Number(bits), family)) {
    return `${PROBLEM} The part after the address must cover it exactly: for example 203.0.113.0/24, not 203.0.113.7/24.`;
  }
  return null;
}

/** `cidr` refuses a range whose address has bits set beyond its prefix. */
function hostBitsAreZero(address: string, prefix: number, family: number): boolean {
  const bytes = family === 4 ? address.split('.').map(Number) : ipv6Bytes(address);
  for (let bit = prefix; bit < bytes.length * 8; bit++) {
    if ((bytes[bit >> 3]! >> (7 - (bit & 7))) & 1) return false;
  }
  return true;
}

function ipv6Bytes(address: string): number[] {
  const [head = '', tail] = address.split('::');
  const groups = (part: string) => (part === '' ? [] : part.split(':'));
  let left = groups(head);
  let right = tail === undefined ? [] : groups(tail);
  // An IPv4 tail (::ffff:192.0.2.1) is two groups.
  const toGroups = (list: string[]) =>
    list.flatMap((g) => {
      if (!g.includes('.')) return [g];
      const [a, b, c, d] = g.split('.').map(Number) as [number, number, number, number];
      return [((a << 8) | b).toString(16), ((c << 8) | d).toString(16)];
    });
  left = toGroups(left);
  right = toGroups(right);
  const missing = 8 - left.length - right.length;
  const all = [...left, ...Array(Math.max(0, missing)).fill('0'), ...right];
  return all.flatMap((g) => {
    const n = parseInt(g, 16);
    return [n >> 8, n & 0xff];
  });
}
