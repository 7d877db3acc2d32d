/** Why a brief asked of the search thread failed. */
export type SearchThreadErrorCode = 'WORKER_FAILED' | 'WORKER_CLOSED' | 'BRIEF_FAILED';

/**
 * A search thread that could not start or stopped, or a brief it could not make.
 *
 * @example new BriefWorkerError('WORKER_CLOSED', 'The search thread is closed.').code // => 'WORKER_CLOSED'
 */
export class BriefWorkerError extends Error {
  constructor(
    readonly code: SearchThreadErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'BriefWorkerError';
  }
}
