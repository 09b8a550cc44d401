import type { Importer, ImportKind } from './types';

// Each importer registers itself here; the router, the admin page and the CLI read this list.
export const IMPORTERS: Partial<Record<ImportKind, Importer>> = {};
