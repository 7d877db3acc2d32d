import type { NoticeStore } from '../store/store.js';
import type { WatchOptions } from '../corpus/watch-corpus.js';

/**
 * The lines the App Home shows at the top: digest delivery errors and feeds failing again and
 * again, newest first, at most ten.
 *
 * @example createBriefApp({ config, briefs, logger, clock: systemClock, homeNotices: homeNotices(stores.notices) })
 */
export function homeNotices(notices: NoticeStore): () => Promise<string[]> {
  return async () => (await notices.listNotices()).slice(0, 10).map((n) => n.message);
}

/**
 * The corpus watcher's notices: a file that could not be used is named on the App Home until it
 * reads cleanly again (or is deleted). Failing to record one is not worth stopping the watcher for.
 *
 * @example watchCorpus({ dir, initial, apply, log, ...corpusNotices(stores.notices, () => new Date()) })
 */
export function corpusNotices(notices: Pick<NoticeStore, 'setNotice' | 'clearNotice'>, now: () => Date): Pick<WatchOptions, 'onProblem' | 'onFileOk'> {
  return {
    onProblem: (p) => void notices.setNotice({ key: `corpus:${p.file}`, kind: 'corpus', at: now(), message: `The corpus file ${p.file} was not used (${p.reason}); its previous version stays.` }).catch(() => undefined),
    onFileOk: (file) => void notices.clearNotice(`corpus:${file}`).catch(() => undefined),
  };
}
