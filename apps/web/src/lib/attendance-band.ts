/**
 * How a year's attendance reads at a glance, in words as well as colour. The DfE counts a pupil
 * missing 10% or more of sessions as persistently absent; 95% is the level most schools ask for.
 */
export type AttendanceBand = { key: 'good' | 'watch' | 'persistent'; label: string };

export function attendanceBand(percentage: number): AttendanceBand {
  if (percentage < 90) return { key: 'persistent', label: 'Below 90%: persistent absence' };
  if (percentage < 95) return { key: 'watch', label: 'Below the 95% the school expects' };
  return { key: 'good', label: 'Good attendance' };
}
