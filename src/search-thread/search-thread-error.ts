import { CodedError, type ErrorCodeOf } from '../errors.js';

/**
 * A search thread that could not start or stopped, or a brief it could not make.
 *
 * @example new BriefWorkerError('WORKER_CLOSED', 'The search thread is closed.').code // => 'WORKER_CLOSED'
 */
export class BriefWorkerError extends CodedError<ErrorCodeOf<'searchThread'>> {}
