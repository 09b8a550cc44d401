/** An import's file as the dry run staged it in the page: its name and its bytes in base64. */
export interface StagedFile {
  name: string;
  base64: string;
}

/**
 * The files the dry run put in the page's form, posted back to apply them or to download the full
 * list of changes; null when they did not come back whole.
 */
export function stagedFrom(value: FormDataEntryValue | null): StagedFile[] | null {
  try {
    const parsed: unknown = JSON.parse(String(value ?? ''));
    if (
      Array.isArray(parsed) &&
      parsed.length > 0 &&
      parsed.every(
        (f) =>
          typeof f === 'object' &&
          f !== null &&
          typeof (f as StagedFile).name === 'string' &&
          typeof (f as StagedFile).base64 === 'string',
      )
    ) {
      return parsed as StagedFile[];
    }
  } catch {
    // Falls through to "choose the files again".
  }
  return null;
}

/** The "full" field the page sends with the staged files: undefined leaves the importer's default. */
export function fullFrom(value: FormDataEntryValue | null): boolean | undefined {
  return value === null ? undefined : value === 'true';
}
