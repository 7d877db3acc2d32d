import type { Store } from '../store/store.js';

/**
 * The lines the App Home shows at the top: digest delivery errors and feeds failing again and
 * again, newest first, at most ten.
 *
 * @example createBriefApp({ config, briefs, logger, clock: systemClock, homeNotices: homeNotices(store) })
 */
export function homeNotices(store: Store): () => Promise<string[]> {
  return async () => (await store.listNotices()).slice(0, 10).map((n) => n.message);
}
