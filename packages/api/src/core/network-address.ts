/**
 * Where a session came from, as far as we can honestly say (P5). There is no geolocation database
 * in Schoolgate: an offline one would go stale and need a licence, and an online look-up would send
 * every parent's address to a third party. So instead of a town we show the network address with
 * its last part hidden: enough for someone to recognise "that is my home broadband" or "that is
 * not mine", not enough to identify a household from the screen.
 */

type Parsed = { kind: 'v4'; octets: number[] } | { kind: 'v6'; groups: number[] };

/** 203.0.113.x for IPv4; the first four groups and "…" for IPv6; null when there is no address. */
export function maskAddress(ip: string | null | undefined): string | null {
  const parsed = parseAddress(ip);
  if (!parsed) return null;
  if (parsed.kind === 'v4') return `${parsed.octets.slice(0, 3).join('.')}.x`;
  return `${parsed.groups
    .slice(0, 4)
    .map((g) => g.toString(16))
    .join(':')}:…`;
}

export type NetworkKind = 'public' | 'private' | 'loopback' | 'unknown';

export function networkKind(ip: string | null | undefined): NetworkKind {
  const parsed = parseAddress(ip);
  if (!parsed) return 'unknown';
  if (parsed.kind === 'v4') {
    const [a = 0, b = 0] = parsed.octets;
    if (a === 127) return 'loopback';
    if (a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168)) {
      return 'private';
    }
    if (a === 169 && b === 254) return 'private';
    return 'public';
  }
  const [first = 0] = parsed.groups;
  if (parsed.groups.every((g, i) => g === (i === 7 ? 1 : 0))) return 'loopback';
  // fc00::/7 (unique local) and fe80::/10 (link local) never leave a site.
  if ((first & 0xfe00) === 0xfc00 || (first & 0xffc0) === 0xfe80) return 'private';
  return 'public';
}

/** The "place" shown for a session and in the new-sign-in email: see the comment at the top. */
export function approximatePlace(ip: string | null | undefined): string {
  const masked = maskAddress(ip);
  switch (networkKind(ip)) {
    case 'unknown':
      return 'Unknown network';
    case 'loopback':
      // A request from the server itself: a proxy that did not pass the visitor's address on.
      return 'This computer’s own network (no outside address was recorded)';
    case 'private':
      return `A private network, such as a school, office or home network (${masked})`;
    case 'public':
      return `Internet address ${masked}`;
  }
}

function parseAddress(ip: string | null | undefined): Parsed | null {
  const text = ip?.trim().toLowerCase() ?? '';
  if (!text || text.length > 64) return null;
  const v4 = parseV4(text);
  if (v4) return { kind: 'v4', octets: v4 };
  const groups = parseV6(text.replace(/%.*$/, ''));
  if (!groups) return null;
  // ::ffff:a.b.c.d is an IPv4 visitor reaching an IPv6 socket (Node reports them this way).
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    const [hi = 0, lo = 0] = groups.slice(6);
    return { kind: 'v4', octets: [hi >> 8, hi & 0xff, lo >> 8, lo & 0xff] };
  }
  return { kind: 'v6', groups };
}

function parseV4(text: string): number[] | null {
  const parts = text.split('.');
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p))) return null;
  const octets = parts.map(Number);
  return octets.every((o) => o <= 255) ? octets : null;
}

function parseV6(text: string): number[] | null {
  if (!text.includes(':')) return null;
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const side = (half: string | undefined): number[] | null => {
    if (!half) return [];
    const out: number[] = [];
    const pieces = half.split(':');
    for (const [i, piece] of pieces.entries()) {
      if (i === pieces.length - 1 && piece.includes('.')) {
        const v4 = parseV4(piece);
        if (!v4) return null;
        out.push(((v4[0] ?? 0) << 8) | (v4[1] ?? 0), ((v4[2] ?? 0) << 8) | (v4[3] ?? 0));
      } else if (/^[0-9a-f]{1,4}$/.test(piece)) {
        out.push(parseInt(piece, 16));
      } else {
        return null;
      }
    }
    return out;
  };
  const head = side(halves[0]);
  const tail = side(halves[1]);
  if (!head || !tail) return null;
  if (halves.length === 1) return head.length === 8 ? head : null;
  const missing = 8 - head.length - tail.length;
  if (missing < 1) return null;
  return [...head, ...new Array<number>(missing).fill(0), ...tail];
}
