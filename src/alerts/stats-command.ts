import type { DigestCommandHandler } from '../digest/digest-commands.js';
import { renderStats, renderStatsRefused } from '../render/stats-message.js';
import type { AlertStore } from '../store/alert-store.js';

/** Rows in each list of `/brief stats`. */
const STATS_ROWS = 10;

/**
 * `/brief stats`, privately, for the users in `ADMIN_USER_IDS` only (with none configured, for no
 * one: feedback is never shown to other users).
 *
 * @example const stats = statsCommand({ alerts: stores.alerts, adminUserIds: ['U0ADMIN'] }); // commands.stats
 * await stores.alerts.recordBriefAsked('taliban', now);
 * JSON.stringify(await stats({ args: '', userId: 'U0ADMIN', channelId: 'C1', now })).includes('taliban') // => true
 * JSON.stringify(await stats({ args: '', userId: 'U0OTHER', channelId: 'C1', now })).includes('taliban') // => false
 */
export function statsCommand(deps: { alerts: AlertStore; adminUserIds: readonly string[] }): DigestCommandHandler {
  return async ({ userId, log }) => {
    if (!deps.adminUserIds.includes(userId)) {
      log?.info({ userId }, 'stats refused: not an admin');
      return renderStatsRefused(deps.adminUserIds.length > 0);
    }
    return renderStats(await deps.alerts.usageStats(STATS_ROWS));
  };
}
