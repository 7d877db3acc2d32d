import type { CorpusChange } from '../articles/corpus-change.js';
import type { BriefService } from '../brief/brief-service.js';
import type { ArrivalStore } from '../store/store.js';

/**
 * A BriefService whose `apply` also records when each upserted article was first seen, so digests
 * pick by arrival, not only by published date. The index is changed first and the arrival recorded
 * after, so a digest never counts an article it cannot yet find (it goes in the next one).
 *
 * @example const tracked = trackArrivals(inProcessBriefService(buildIndex([articleA]), () => clock.now()), stores.arrivals, () => clock.now());
 * await tracked.apply({ upserted: [articleB], removed: [] });
 * (await stores.arrivals.arrivalOf(articleB.id))?.getTime() // => now.getTime()
 * (await tracked.stats()).articles // => 2
 */
export function trackArrivals(service: BriefService, arrivals: ArrivalStore, now: () => Date): BriefService {
  return {
    brief: (text, options) => service.brief(text, options),
    stats: () => service.stats(),
    async apply(change: CorpusChange) {
      await service.apply(change);
      if (change.upserted.length > 0) await arrivals.recordArrivals(change.upserted.map((a) => a.id), now());
    },
  };
}
