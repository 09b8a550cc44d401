import type { Actions, PageServerLoad } from './$types';
import { act, caller, load as loadFromRouter } from '$lib/server/router';
import { todayInUk } from '$lib/format-date';

/** The school's dates from today on, and the person's subscription. */
export const load: PageServerLoad = async (event) => {
  const calendar = await loadFromRouter(event, () => caller(event).calendar.mine());
  const today = todayInUk();
  return {
    upcoming: calendar.events.filter((e) => e.endsOn >= today),
    feed: calendar.feed,
  };
};

export const actions: Actions = {
  /** A new secret address, shown this once (only its hash is kept). */
  reset: async (event) => {
    const result = await act(() => caller(event).calendar.resetFeed(), {});
    if (!result.ok) return result.failure;
    const address = `${event.url.origin}/calendar/feed/${result.value.token}.ics`;
    return { address, replaced: result.value.replaced };
  },
  stop: async (event) => {
    const result = await act(() => caller(event).calendar.stopFeed(), {});
    if (!result.ok) return result.failure;
    return { stopped: true };
  },
};
