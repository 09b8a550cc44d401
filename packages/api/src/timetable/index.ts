// What other capabilities may use from timetable/; anything else here is its own business.
export { lessonsOnFor, lessonsOnFromRows, lessonsOnQuery } from './lessons';
export type { TimetableLesson } from './lessons';
