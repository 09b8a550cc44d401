import { describe, expect, it } from 'vitest';
import { statusTone } from './status';

describe('statusTone', () => {
  it('shows the same state the same way whatever the record', () => {
    expect(statusTone('submitted')).toBe('neutral');
    expect(statusTone('waiting')).toBe('neutral');
    expect(statusTone('in_progress')).toBe('info');
    expect(statusTone('scheduled')).toBe('info');
    expect(statusTone('accepted')).toBe('success');
    expect(statusTone('live')).toBe('success');
    expect(statusTone('confirmed')).toBe('success');
    expect(statusTone('restricted')).toBe('warning');
    expect(statusTone('rejected')).toBe('danger');
    expect(statusTone('refused')).toBe('danger');
  });

  it('reads a status written in words or with other separators', () => {
    expect(statusTone('On hold')).toBe('warning');
    expect(statusTone('on-hold')).toBe('warning');
    expect(statusTone('  In progress ')).toBe('info');
    expect(statusTone('Refused')).toBe('danger');
  });

  it('never calls an unknown status good or bad', () => {
    expect(statusTone('something new')).toBe('neutral');
    expect(statusTone('')).toBe('neutral');
    expect(statusTone('constructor')).toBe('neutral');
    expect(statusTone('__proto__')).toBe('neutral');
  });
});
