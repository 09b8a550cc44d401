/** The fields about the person asking, in page order. */
export const PERSON_FIELDS = ['forename', 'surname', 'email', 'phone', 'relationship'] as const;

/** The router takes at most this many children in one request. */
export const MAX_CHILDREN = 8;

/** One child's block as typed: names, and the date of birth's three boxes. */
export interface ChildTyped {
  forename: string;
  surname: string;
  day: string;
  month: string;
  year: string;
}

export type ChildField = 'Forename' | 'Surname' | 'Dob' | 'DobDay' | 'DobMonth' | 'DobYear';

/** The id and name of a child's field: `child2DobMonth`. 'Dob' names the date as a whole. */
export const childFieldId = (block: number, field: ChildField) => `child${block}${field}`;
