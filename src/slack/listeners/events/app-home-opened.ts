import type { AllMiddlewareArgs, App, SlackEventMiddlewareArgs } from '@slack/bolt';
import { renderAppHome } from '../../../render/app-home.js';
import type { AppDeps } from '../../deps.js';
import { logOf } from '../../request-log.js';

/** The App Home tab: usage, the query language, the corpus's size and newest article, and notices. */
export function appHomeOpened(deps: AppDeps) {
  return async ({ event, client, context }: SlackEventMiddlewareArgs<'app_home_opened'> & AllMiddlewareArgs) => {
    if (event.tab !== 'home') return;
    const log = logOf(context, deps.logger);
    try {
      const notices = deps.homeNotices === undefined ? [] : await deps.homeNotices();
      await client.views.publish({ user_id: event.user, view: renderAppHome({ stats: deps.briefs.stats(), notices }) });
    } catch (err) {
      log.error({ err }, 'could not publish the App Home');
    }
  };
}

/**
 * Registers the App Home listener.
 *
 * @example register(app, { ...deps, homeNotices: () => ['The feed https://x.org/rss answered 404.'] });
 * await deliver(requests.homeOpened());
 * JSON.stringify(slack.callsTo('views.publish')[0].args.view).includes('answered 404') // => true
 */
export function register(app: App, deps: AppDeps): void {
  app.event('app_home_opened', appHomeOpened(deps));
}
