import { describe, expect, it } from 'vitest';
import { arrivedOverHttps } from './response-headers.js';

const headers =
  (values: Record<string, string>) =>
  (name: string): string | undefined =>
    values[name];

describe('arrivedOverHttps', () => {
  it('follows ORIGIN when no protocol header is configured', () => {
    expect(arrivedOverHttps({ ORIGIN: 'https://portal.example.org' }, headers({}))).toBe(true);
    expect(arrivedOverHttps({ ORIGIN: 'http://localhost:3000' }, headers({}))).toBe(false);
    // A client cannot claim HTTPS with a header nobody said to trust.
    expect(
      arrivedOverHttps(
        { ORIGIN: 'http://localhost:3000' },
        headers({ 'x-forwarded-proto': 'https' }),
      ),
    ).toBe(false);
  });

  it("follows the trusted proxy's header for each request when PROTOCOL_HEADER names it", () => {
    const env = { ORIGIN: 'https://portal.example.org', PROTOCOL_HEADER: 'X-Forwarded-Proto' };
    expect(arrivedOverHttps(env, headers({ 'x-forwarded-proto': 'https' }))).toBe(true);
    expect(arrivedOverHttps(env, headers({ 'x-forwarded-proto': 'http' }))).toBe(false);
    // Without it on a request, ORIGIN decides.
    expect(arrivedOverHttps(env, headers({}))).toBe(true);
    expect(
      arrivedOverHttps(
        { PROTOCOL_HEADER: 'x-forwarded-proto' },
        headers({ 'x-forwarded-proto': 'HTTPS' }),
      ),
    ).toBe(true);
  });

  it('says no when nothing says how the request came', () => {
    expect(arrivedOverHttps({}, headers({ 'x-forwarded-proto': 'https' }))).toBe(false);
  });
});
