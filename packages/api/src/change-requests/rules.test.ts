import { describe, expect, it } from 'vitest';
import {
  normalisePhone,
  normalisePostcode,
  proposedFields,
  requestTitle,
  statusLabel,
} from './rules';

describe('postcodes', () => {
  it('accepts UK postcodes in any case and spacing, and writes them the usual way', () => {
    expect(normalisePostcode('sw1a1aa')).toBe('SW1A 1AA');
    expect(normalisePostcode(' M1  1AE ')).toBe('M1 1AE');
    expect(normalisePostcode('b338th')).toBe('B33 8TH');
    expect(normalisePostcode('CR2 6XH')).toBe('CR2 6XH');
    expect(normalisePostcode('DN55 1PT')).toBe('DN55 1PT');
  });

  it('refuses what cannot be a postcode', () => {
    expect(normalisePostcode('')).toBeNull();
    expect(normalisePostcode('12345')).toBeNull();
    expect(normalisePostcode('SW1A')).toBeNull();
    expect(normalisePostcode('SW1A 1A')).toBeNull();
    expect(normalisePostcode('not a postcode')).toBeNull();
  });
});

describe('phone numbers', () => {
  it('accepts UK numbers as people write them', () => {
    expect(normalisePhone('07700 900123')).toBe('07700 900123');
    expect(normalisePhone('020 7946 0018')).toBe('020 7946 0018');
    expect(normalisePhone('(0161) 496-0000')).toBe('(0161) 496-0000');
    expect(normalisePhone('+44 7700 900123')).toBe('+44 7700 900123');
    expect(normalisePhone('+44 (0)20 7946 0018')).toBe('+44 (0)20 7946 0018');
    expect(normalisePhone('  07700   900123 ')).toBe('07700 900123');
  });

  it('accepts international numbers that start with +', () => {
    expect(normalisePhone('+33 1 23 45 67 89')).toBe('+33 1 23 45 67 89');
  });

  it('refuses numbers that are too short, too long or not numbers', () => {
    expect(normalisePhone('12345')).toBeNull();
    expect(normalisePhone('0770090012345')).toBeNull();
    expect(normalisePhone('7700 900123')).toBeNull();
    expect(normalisePhone('call me')).toBeNull();
    expect(normalisePhone('+44 12')).toBeNull();
    expect(normalisePhone('+1 23')).toBeNull();
  });
});

describe('names for requests', () => {
  it('names record errors by the record and changes by the detail', () => {
    expect(
      requestTitle({ kind: 'record_error', record_type: 'attendance_mark', detail_type: null }),
    ).toBe('Problem with an attendance mark');
    expect(
      requestTitle({ kind: 'change_of_details', record_type: null, detail_type: 'address' }),
    ).toBe('Change of address');
  });

  it('says each status in words', () => {
    expect(statusLabel('in_progress')).toBe('In progress');
    expect(statusLabel('accepted')).toBe('Accepted');
  });
});

describe('proposed contact fields', () => {
  it('lists an address line by line, with an empty second line', () => {
    expect(
      proposedFields('address', { line1: '1 High Street', town: 'Leeds', postcode: 'LS1 1AA' }),
    ).toEqual([
      { field: 'address_line1', label: 'Address line 1', value: '1 High Street' },
      { field: 'address_line2', label: 'Address line 2', value: null },
      { field: 'town', label: 'Town or city', value: 'Leeds' },
      { field: 'postcode', label: 'Postcode', value: 'LS1 1AA' },
    ]);
  });

  it('lists only the phone numbers given', () => {
    expect(proposedFields('phone', { home: '0113 496 0000' })).toEqual([
      { field: 'phone_home', label: 'Home phone', value: '0113 496 0000' },
    ]);
  });

  it('gives nothing for medical or malformed proposals', () => {
    expect(proposedFields('medical', { email: 'a@example.org' })).toEqual([]);
    expect(proposedFields('address', { line1: 'Only a line' })).toEqual([]);
    expect(proposedFields('email', null)).toEqual([]);
  });
});
