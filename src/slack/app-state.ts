import type { Context } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { ConversationStore } from './conversation-store.js';
import type { PostReply } from './post-reply.js';

/** What the listeners share: the conversation memory and the once-only posters. */
export interface AppState {
  conversations: ConversationStore;
  postReply: PostReply;
  /**
   * A Web API client that never retries on its own, for posts whose landing cannot be checked
   * (ephemeral messages, apologies): a lost answer is better than the same message twice.
   */
  noRetry: WebClient;
}

/**
 * The workspace a request came from, the first part of every conversation-store key.
 *
 * @example teamOf({ teamId: 'T1' } as Context) // => 'T1'
 */
export function teamOf(context: Context): string {
  return context.teamId ?? context.enterpriseId ?? '';
}
