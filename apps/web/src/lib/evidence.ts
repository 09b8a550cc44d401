/** The evidence of parental responsibility staff can record (P3), in plain words. */
export const EVIDENCE_OPTIONS = [
  { value: 'birth_certificate', label: 'Birth certificate' },
  { value: 'adoption_or_court_order', label: 'Adoption or court order' },
  { value: 'mis_record_photo_id', label: 'School record and photo ID' },
  { value: 'other', label: 'Other (say what in the note)' },
] as const;

export function evidenceLabel(value: string | null): string {
  return EVIDENCE_OPTIONS.find((option) => option.value === value)?.label ?? '—';
}
