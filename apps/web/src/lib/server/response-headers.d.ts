// Types for response-headers.js, which serve.js imports as plain JavaScript.
export const SECURITY_HEADERS: Readonly<Record<string, string>>;
export const STRICT_TRANSPORT_SECURITY: string;
export function arrivedOverHttps(
  env: { ORIGIN?: string | undefined; PROTOCOL_HEADER?: string | undefined },
  header: (name: string) => string | null | undefined,
): boolean;
