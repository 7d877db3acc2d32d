import type { Logger } from 'pino';
import { mayChange } from '../digest/digest-commands.js';
import type { DigestCommandHandler } from '../digest/digest-commands.js';
import { parseSubscriptionId } from '../digest/parse-subscribe.js';
import { renderAlertAdded, renderAlertList, renderAlertStopped, renderAlertUsage } from '../render/alert-message.js';
import { renderNotAllowed } from '../render/subscription-message.js';
import type { AlertStore } from '../store/alert-store.js';
import { parseAlert } from './parse-alert.js';

/** Alerts one channel may hold. */
export const MAX_ALERTS_PER_CHANNEL = 20;

export interface AlertCommandDeps {
  alerts: AlertStore;
  /** DIGEST_TZ, the zone of quiet hours. */
  timeZone: string;
  /** When not empty, only these users may add and stop alerts (as with subscriptions). */
  adminUserIds: readonly string[];
}

/**
 * `/brief alert <query> [every N min] [quiet HH:MM-HH:MM]`, `/brief alert stop <id>` and
 * `/brief alerts`, each answering privately.
 *
 * @example const commands = alertCommands({ alerts: stores.alerts, timeZone: 'UTC', adminUserIds: [] }); // createBriefApp({ …, commands: { ...digestCommands(…), ...commands } })
 * await commands.alert({ args: 'taliban every 30 min quiet 22:00-07:00', userId: 'U1', channelId: 'C1', now });
 * (await stores.alerts.listAlerts('C1')).map((a) => [a.query, a.everyMinutes, a.quiet]) // => [['taliban', 30, { start: '22:00', end: '07:00' }]]
 * JSON.stringify(await commands.alerts({ args: '', userId: 'U1', channelId: 'C1', now })).includes('taliban') // => true
 */
export function alertCommands(deps: AlertCommandDeps): Record<'alert' | 'alerts', DigestCommandHandler> {
  const refuse = (userId: string, log: Logger | undefined) => {
    log?.info({ userId }, 'alert change refused: not an admin');
    return renderNotAllowed('alerts');
  };
  return {
    alert: async ({ args, userId, channelId, now, log }) => {
      if (!mayChange(deps.adminUserIds, userId)) return refuse(userId, log);
      const stop = /^stop\b\s*(.*)$/i.exec(args.trim());
      if (stop) {
        const id = parseSubscriptionId(stop[1] ?? '');
        if (id === undefined) return renderAlertUsage('Say which alert to stop, by its number: `/brief alert stop 3`.');
        const removed = await deps.alerts.removeAlert(id, channelId);
        log?.info({ alert: id, removed }, 'alert stop');
        return renderAlertStopped(id, removed);
      }
      const request = parseAlert(args);
      if ('problem' in request) return renderAlertUsage(request.problem);
      if ((await deps.alerts.listAlerts(channelId)).length >= MAX_ALERTS_PER_CHANNEL) {
        return renderAlertUsage(`This channel already has ${MAX_ALERTS_PER_CHANNEL} alerts, the most it may hold. Stop one with \`/brief alert stop <id>\` first.`);
      }
      const alert = await deps.alerts.addAlert({ channel: channelId, ...request, createdBy: userId, createdAt: now });
      log?.info({ alert: alert.id, everyMinutes: alert.everyMinutes }, 'alert added');
      return renderAlertAdded(alert, deps.timeZone);
    },
    alerts: async ({ channelId }) => renderAlertList(await deps.alerts.listAlerts(channelId), deps.timeZone),
  };
}
