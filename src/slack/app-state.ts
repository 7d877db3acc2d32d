import type { Context } from '@slack/bolt';
import type { ConversationStore } from './conversation-store.js';
import type { PostReply } from './post-reply.js';

/** What the listeners share: the conversation memory and the once-only reply poster. */
export interface AppState {
  conversations: ConversationStore;
  postReply: PostReply;
}

/**
 * The workspace a request came from, the first part of every conversation-store key.
 *
 * @example teamOf({ teamId: 'T1' } as Context) // => 'T1'
 */
export function teamOf(context: Context): string {
  return context.teamId ?? context.enterpriseId ?? '';
}
