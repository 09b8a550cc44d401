import { attendanceImporter } from './attendance';
import { behaviourImporter } from './behaviour';
import { onerosterImporter } from './oneroster';
import { reportsImporter } from './reports';
import { timetableImporter } from './timetable';
import type { Importer, ImportKind } from './types';

// Each importer registers itself here; the router, the admin page and the CLI read this list.
export const IMPORTERS: Partial<Record<ImportKind, Importer>> = {
  oneroster: onerosterImporter,
  attendance: attendanceImporter,
  behaviour: behaviourImporter,
  timetable: timetableImporter,
  reports: reportsImporter,
};
