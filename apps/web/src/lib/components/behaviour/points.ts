/** "+3 points", "−2 points" (a true minus sign), "1 point". */
export function formatPoints(points: number): string {
  const size = Math.abs(points);
  const sign = points > 0 ? '+' : points < 0 ? '−' : '';
  return `${sign}${size} ${size === 1 ? 'point' : 'points'}`;
}
