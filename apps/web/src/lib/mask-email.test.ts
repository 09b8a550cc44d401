import { describe, expect, it } from 'vitest';
import { maskEmail } from './mask-email';

describe('maskEmail', () => {
  it('keeps the first letter and the domain, with five stars whatever the length', () => {
    expect(maskEmail('darren.martin@example.org')).toBe('d*****@example.org');
    expect(maskEmail('d@example.org')).toBe('d*****@example.org');
  });

  it('shows only stars for something that is not an address', () => {
    expect(maskEmail('')).toBe('*****');
    expect(maskEmail('@example.org')).toBe('*****');
    expect(maskEmail('nobody')).toBe('*****');
  });
});
