/** Fixtures shared by the Slack tests, kept free of Bolt so light tests import them cheaply. */
import { readCorpus } from '../../src/corpus/read-corpus.js';
import { buildIndex, type BriefIndex } from '../../src/search/build-index.js';
import { CORPUS } from './paths.js';

/** Fake credentials: the tests check that none of them ever reaches a log. */
export const TEST_SECRETS = {
  SLACK_BOT_TOKEN: 'xoxb-1111-2222-testbottoken',
  SLACK_APP_TOKEN: 'xapp-1-A0001-3333-testapptoken',
  SLACK_SIGNING_SECRET: 'test-signing-secret-4444',
} as const;

let indexPromise: Promise<BriefIndex> | undefined;

/** The seed corpus's index, built once per test file. */
export function seedIndex(): Promise<BriefIndex> {
  indexPromise ??= readCorpus(CORPUS).then((c) => buildIndex(c.articles));
  return indexPromise;
}
