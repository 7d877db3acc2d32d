import { CodedError, type ErrorCodeOf } from '../errors.js';

/** Why a feed could not be taken in; the poller logs it, backs off, and goes on with the others. */
export class FeedError extends CodedError<ErrorCodeOf<'feed'>> {}
