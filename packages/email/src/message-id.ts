/**
 * The Message-ID of an outbox message: the same on every attempt, so a mail system that receives a
 * repeat (sent again after a crash between the server's acceptance and our record of it) can tell
 * it is one message. The domain is the From address's own (RFC 5322 asks for a unique right-hand
 * side under the sender's control).
 */
export function messageIdFor(outboxId: string, from: string): string {
  const address = /<([^<>]+)>\s*$/.exec(from)?.[1] ?? from;
  const domain = address.slice(address.lastIndexOf('@') + 1).trim();
  const safeDomain =
    /^[A-Za-z0-9.-]+$/.test(domain) && domain.includes('.') ? domain : 'schoolgate.invalid';
  return `<${outboxId}@${safeDomain.toLowerCase()}>`;
}
