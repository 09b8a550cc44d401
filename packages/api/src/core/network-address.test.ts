import { describe, expect, it } from 'vitest';
import { approximatePlace, maskAddress, networkKind } from './network-address';

describe('maskAddress', () => {
  it('hides the last part of an IPv4 address', () => {
    expect(maskAddress('203.0.113.57')).toBe('203.0.113.x');
    expect(maskAddress('  198.51.100.1 ')).toBe('198.51.100.x');
  });

  it('keeps only the first four groups of an IPv6 address', () => {
    expect(maskAddress('2001:db8:85a3:12:8a2e:370:7334:1')).toBe('2001:db8:85a3:12:…');
    expect(maskAddress('2001:DB8::1')).toBe('2001:db8:0:0:…');
    expect(maskAddress('2001:0db8:0001:0002::')).toBe('2001:db8:1:2:…');
    expect(maskAddress('fe80::1%eth0')).toBe('fe80:0:0:0:…');
  });

  it('treats an IPv4 visitor seen on an IPv6 socket as IPv4', () => {
    expect(maskAddress('::ffff:203.0.113.57')).toBe('203.0.113.x');
  });

  it('gives nothing for a missing or malformed address, rather than echoing it', () => {
    expect(maskAddress(null)).toBeNull();
    expect(maskAddress('')).toBeNull();
    expect(maskAddress('256.1.1.1')).toBeNull();
    expect(maskAddress('1.2.3')).toBeNull();
    expect(maskAddress('2001:db8::1::2')).toBeNull();
    expect(maskAddress('1:2:3:4:5:6:7:8:9')).toBeNull();
    expect(maskAddress('<script>')).toBeNull();
  });
});

describe('networkKind and approximatePlace', () => {
  it('recognises loopback and private ranges', () => {
    expect(networkKind('127.0.0.1')).toBe('loopback');
    expect(networkKind('::1')).toBe('loopback');
    expect(networkKind('::ffff:127.0.0.1')).toBe('loopback');
    for (const ip of ['10.1.2.3', '172.16.0.1', '172.31.255.1', '192.168.1.20', 'fd12:3456::1']) {
      expect(networkKind(ip), ip).toBe('private');
    }
    for (const ip of ['172.32.0.1', '8.8.8.8', '2a00:1450:4009:81d::200e']) {
      expect(networkKind(ip), ip).toBe('public');
    }
    expect(networkKind(null)).toBe('unknown');
  });

  it('labels each kind in plain English, never with the full address', () => {
    expect(approximatePlace('203.0.113.57')).toBe('Internet address 203.0.113.x');
    expect(approximatePlace('192.168.1.20')).toBe(
      'A private network, such as a school, office or home network (192.168.1.x)',
    );
    expect(approximatePlace('127.0.0.1')).toMatch(/^This computer’s own network/);
    expect(approximatePlace(null)).toBe('Unknown network');
  });
});
