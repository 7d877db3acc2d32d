import type { DigestCommandHandler } from '../digest/digest-commands.js';
import { renderStats, renderStatsRefused } from '../render/stats-message.js';
import type { AlertStore } from '../store/alert-store.js';

/** Rows in each list of `/brief stats`. */
const STATS_ROWS = 10;

/**
 * `/brief stats`, privately, for the users in `ADMIN_USER_IDS` only (with none configured, for no
 * one: feedback is never shown to other users).
 *
 * @example commands.stats = statsCommand({ alerts, adminUserIds: ['U0ADMIN'] })
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
