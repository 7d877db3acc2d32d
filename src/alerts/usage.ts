import type { BriefService } from '../brief/brief-service.js';
import type { ArticleLookup } from '../digest/digest.js';
import type { FeedbackPress } from '../render/feedback.js';
import { outletName } from '../search/stories.js';
import type { AlertStore } from '../store/alert-store.js';

/**
 * Records feedback presses, with the item's outlet as the corpus knows it now (never as the button
 * said: a button value is the presser's to forge).
 *
 * @example const feedback = feedbackRecorder({ alerts: stores.alerts, articles: lookup, now: () => clock.now() }); // createBriefApp({ …, feedback })
 * await feedback({ articleId: article.id, helpful: false, origin: 'brief', userId: 'U1', channel: 'C1' });
 * await stores.alerts.demotedArticles('C1') // => [article.id]
 */
export function feedbackRecorder(deps: { alerts: AlertStore; articles: ArticleLookup; now: () => Date }) {
  return async (press: FeedbackPress & { userId: string; channel: string }): Promise<void> => {
    const [article] = await deps.articles([press.articleId]);
    await deps.alerts.recordFeedback({ ...press, source: article === undefined ? 'unknown' : outletName(article), at: deps.now() });
  };
}

/**
 * A BriefService that also counts the briefs asked (a new query; not a next page, a share or help),
 * for `/brief stats`. A failure to count never fails the brief.
 *
 * @example const counted = countBriefs(briefs, stores.alerts, () => clock.now()); // briefs: trackArrivals(service, stores.arrivals, now)
 * await counted.brief('taliban revenue');
 * await counted.brief('help');
 * (await stores.alerts.usageStats(5)).topQueries // => [{ query: 'taliban revenue', count: 1 }]
 */
export function countBriefs(service: BriefService, alerts: AlertStore, now: () => Date): BriefService {
  return {
    async brief(text, options) {
      const brief = await service.brief(text, options);
      if (options?.page === undefined && brief.kind !== 'help' && brief.kind !== 'empty') await alerts.recordBriefAsked(text.trim(), now()).catch(() => undefined);
      return brief;
    },
    stats: () => service.stats(),
    apply: (change) => service.apply(change),
  };
}
