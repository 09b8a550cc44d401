import { describe, expect, it } from 'vitest';
import { canonicalAddress } from './client-address';

describe('canonicalAddress', () => {
  it('drops the port a proxy may add, so one client is one address', () => {
    expect(canonicalAddress('203.0.113.7:50123')).toBe('203.0.113.7');
    expect(canonicalAddress(' 203.0.113.7 ')).toBe('203.0.113.7');
    expect(canonicalAddress('[2001:DB8::7]:443')).toBe('2001:db8::7');
    expect(canonicalAddress('[2001:db8::7]')).toBe('2001:db8::7');
  });

  it('gives an IPv4 visitor on an IPv6 socket its IPv4 address', () => {
    expect(canonicalAddress('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(canonicalAddress('::FFFF:127.0.0.1')).toBe('127.0.0.1');
  });

  it('leaves plain addresses, and anything it does not recognise, as they are', () => {
    expect(canonicalAddress('2001:db8::7')).toBe('2001:db8::7');
    expect(canonicalAddress('::1')).toBe('::1');
    expect(canonicalAddress('127.0.0.1')).toBe('127.0.0.1');
    expect(canonicalAddress('unknown')).toBe('unknown');
  });
});
