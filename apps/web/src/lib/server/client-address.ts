import type { Handle } from '@sveltejs/kit';

/**
 * The client's address without a port: some proxies forward `203.0.113.7:50123` or
 * `[2001:db8::7]:443`, and with the port each new connection would look like a new address, so a
 * per-address lockout would never hold and the audit log could not say "from where". An IPv4
 * visitor on an IPv6 socket (`::ffff:203.0.113.7`) is the IPv4 address. Anything else is left as is.
 */
export function canonicalAddress(raw: string): string {
  let address = raw.trim().toLowerCase();
  const bracketed = /^\[([0-9a-f:.]+)\](?::\d+)?$/.exec(address);
  if (bracketed?.[1]) address = bracketed[1];
  const v4WithPort = /^(\d{1,3}(?:\.\d{1,3}){3}):\d+$/.exec(address);
  if (v4WithPort?.[1]) address = v4WithPort[1];
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(address);
  if (mapped?.[1]) address = mapped[1];
  return address;
}

/**
 * Wraps adapter-node's getClientAddress (the socket's address, or with ADDRESS_HEADER and
 * XFF_DEPTH the one a trusted proxy forwards) so that everything after it, the lockouts and the
 * audit log, sees one address per client. Runs before `authenticate`.
 */
export const clientAddress: Handle = ({ event, resolve }) => {
  const fromAdapter = event.getClientAddress.bind(event);
  event.getClientAddress = () => canonicalAddress(fromAdapter());
  return resolve(event);
};
