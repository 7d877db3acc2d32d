import type { NoticeStore } from '../store/store.js';
import type { WatchOptions } from '../corpus/watch-corpus.js';

/**
 * The lines the App Home shows at the top: digest delivery errors and feeds failing again and
 * again, newest first, at most ten.
 *
 * @example await stores.notices.setNotice({ key: 'feed:x', kind: 'feed', message: 'The feed https://x.org/rss answered 404.', at: now });
 * await homeNotices(stores.notices)() // => ['The feed https://x.org/rss answered 404.']
 */
export function homeNotices(notices: NoticeStore): () => Promise<string[]> {
  return async () => (await notices.listNotices()).slice(0, 10).map((n) => n.message);
}

/**
 * The corpus watcher's notices: a file that could not be used is named on the App Home until it
 * reads cleanly again (or is deleted). Failing to record one is not worth stopping the watcher for.
 *
 * @example const notices = corpusNotices(stores.notices, () => clock.now()); // watchCorpus({ dir, initial, apply, log, ...notices })
 * notices.onProblem?.({ file: 'bad.md', reason: 'no title' });
 * await until(async () => (await stores.notices.listNotices()).length === 1); // the store is written in the background
 * (await stores.notices.listNotices()).map((n) => [n.key, n.kind]) // => [['corpus:bad.md', 'corpus']]
 * notices.onFileOk?.('bad.md');
 * await until(async () => (await stores.notices.listNotices()).length === 0);
 * await stores.notices.listNotices() // => []
 */
export function corpusNotices(notices: Pick<NoticeStore, 'setNotice' | 'clearNotice'>, now: () => Date): Pick<WatchOptions, 'onProblem' | 'onFileOk'> {
  return {
    onProblem: (p) => void notices.setNotice({ key: `corpus:${p.file}`, kind: 'corpus', at: now(), message: `The corpus file ${p.file} was not used (${p.reason}); its previous version stays.` }).catch(() => undefined),
    onFileOk: (file) => void notices.clearNotice(`corpus:${file}`).catch(() => undefined),
  };
}
