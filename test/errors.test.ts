import { describe, expect, it } from 'vitest';
import { CorpusError } from '../src/corpus/read-corpus.js';
import { CodedError, ErrorCode, errorCode } from '../src/errors.js';
import { FeedError } from '../src/feeds/feed-error.js';
import { BriefWorkerError } from '../src/search-thread/search-thread-error.js';
import { StoreError } from '../src/store/store.js';

describe('one CodedError shape', () => {
  it('each family is a CodedError named for itself, with its code, message and cause', () => {
    const cause = new Error('disk');
    const errors = [new CorpusError('CORPUS_EMPTY', 'empty'), new FeedError('FEED_HTTP', 'http 500'), new StoreError('STORE_OPEN_FAILED', 'cannot open', { cause }), new BriefWorkerError('WORKER_CLOSED', 'closed')];
    expect(errors.map((e) => [e instanceof CodedError, e instanceof Error, e.name, e.code, e.message])).toEqual([
      [true, true, 'CorpusError', 'CORPUS_EMPTY', 'empty'],
      [true, true, 'FeedError', 'FEED_HTTP', 'http 500'],
      [true, true, 'StoreError', 'STORE_OPEN_FAILED', 'cannot open'],
      [true, true, 'BriefWorkerError', 'WORKER_CLOSED', 'closed'],
    ]);
    expect(errors[2]!.cause).toBe(cause);
    expect(new Set(Object.values(ErrorCode).flat()).size).toBe(Object.values(ErrorCode).flat().length);
  });

  it('errorCode reads a string code from anything caught, and nothing else', () => {
    expect(errorCode(new FeedError('FEED_TIMEOUT', 'slow'))).toBe('FEED_TIMEOUT');
    expect(errorCode(Object.assign(new Error('x'), { code: 'ENOENT' }))).toBe('ENOENT');
    for (const v of [undefined, null, 'CORPUS_EMPTY', 42, {}, { code: 7 }, new Error('plain')]) expect(errorCode(v)).toBeUndefined();
  });
});
