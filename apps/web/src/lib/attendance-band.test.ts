import { describe, expect, it } from 'vitest';
import { attendanceBand } from './attendance-band';

describe('attendance bands', () => {
  it('reads 90% and below as persistent absence, below 95% as one to watch', () => {
    expect(attendanceBand(100).key).toBe('good');
    expect(attendanceBand(95).key).toBe('good');
    expect(attendanceBand(94.9).key).toBe('watch');
    expect(attendanceBand(90).key).toBe('watch');
    expect(attendanceBand(89.9)).toEqual({
      key: 'persistent',
      label: 'Below 90%: persistent absence',
    });
    expect(attendanceBand(0).key).toBe('persistent');
  });
});
