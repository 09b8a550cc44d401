/** What a behaviour event may say (P8): its kind, category, points, dates and any action taken. */

export const BEHAVIOUR_KINDS = ['positive', 'negative'] as const;
export type BehaviourKind = (typeof BEHAVIOUR_KINDS)[number];

/** The categories staff choose from, per kind. */
export const BEHAVIOUR_CATEGORIES: Readonly<Record<BehaviourKind, readonly string[]>> = {
  positive: [
    'Achievement',
    'Effort',
    'Kindness',
    'Contribution to class',
    'Helping others',
    'Homework',
    'Leadership',
    'Representing the school',
  ],
  negative: [
    'Late to lesson',
    'Homework not done',
    'Disruption',
    'Uniform',
    'No equipment',
    'Disrespect',
    'Mobile phone',
    'Unkind behaviour',
    'Truancy',
  ],
};

/** What the school did about an event; a detention needs the day it takes place. */
export const BEHAVIOUR_ACTIONS = [
  'Detention',
  'Spoken to by the class teacher',
  'Phone call home',
  'Letter home',
  'Postcard home',
  'Certificate',
  'On report',
  'Removed from lesson',
] as const;
export type BehaviourAction = (typeof BEHAVIOUR_ACTIONS)[number];

/** Points are at most this many either way: positive events above zero, negative below. */
export const MAX_BEHAVIOUR_POINTS = 10;

export const DESCRIPTION_MAX = 500;

export interface BehaviourEventDraft {
  kind: BehaviourKind;
  category: string;
  points: number;
  occurredOn: string;
  action?: BehaviourAction | undefined;
  actionDate?: string | undefined;
}

/**
 * Problems with an event that well-formed input can still have, by field: a category of the
 * other kind, points of the wrong sign or size, a date in the future or before the student
 * joined, an action date that does not fit. Empty when the event may be recorded.
 */
export function behaviourEventProblems(
  event: BehaviourEventDraft,
  context: { today: string; admissionDate: string },
): Record<string, string[]> {
  const problems: Record<string, string[]> = {};
  const add = (field: string, message: string) => (problems[field] ??= []).push(message);

  if (!BEHAVIOUR_CATEGORIES[event.kind].includes(event.category)) {
    add('category', `Choose a category for a ${event.kind} event.`);
  }
  const sign = event.kind === 'positive' ? 1 : -1;
  const signed = event.points * sign;
  if (!Number.isInteger(event.points) || signed < 1 || signed > MAX_BEHAVIOUR_POINTS) {
    add(
      'points',
      event.kind === 'positive'
        ? `A positive event has between 1 and ${MAX_BEHAVIOUR_POINTS} points.`
        : `A negative event has between −1 and −${MAX_BEHAVIOUR_POINTS} points (a minus number).`,
    );
  }
  if (event.occurredOn > context.today) {
    add('occurredOn', 'The date cannot be in the future.');
  } else if (event.occurredOn < context.admissionDate) {
    add('occurredOn', 'The date is before the student joined the school.');
  }
  if (event.actionDate && !event.action) {
    add('action', 'Choose the action this date is for, or clear the date.');
  }
  if (event.action === 'Detention' && !event.actionDate) {
    add('actionDate', 'Give the date of the detention.');
  }
  if (event.actionDate && event.actionDate < event.occurredOn) {
    add('actionDate', 'The action cannot be before the event.');
  }
  return problems;
}
