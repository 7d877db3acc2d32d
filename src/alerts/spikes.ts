import type { Article } from '../articles/article.js';
import { pickDigest } from '../digest/pick-digest.js';
import { outletName } from '../search/stories.js';

/** An article of a topic and the instant Brief first saw it. */
export interface Arrival {
  article: Article;
  at: Date;
}

/** When a topic counts as surging (`SPIKE_FACTOR`, `SPIKE_MIN`, `SPIKE_COOLDOWN`). */
export interface SpikeSettings {
  /** The last hour must hold at least this many times the hourly baseline. */
  factor: number;
  /** …and at least this many articles. */
  min: number;
  /** Hours of silence on a topic after a notice. */
  cooldownHours: number;
}

/** Distinct outlets a surge needs: one outlet posting a lot is not a surge. */
const SPIKE_MIN_OUTLETS = 3;
/** Hours before the last one that make the baseline. */
export const SPIKE_BASELINE_HOURS = 24;
const HOUR = 3_600_000;

/** A "surging" notice: what the last hour held, against the baseline. */
export interface SpikeNotice {
  /** Articles that arrived in the last hour. */
  count: number;
  /** Their outlets, the most prolific first. */
  outlets: string[];
  /** Mean arrivals per hour before the last hour. */
  baselinePerHour: number;
  /** The last hour's top story (carried by the most outlets) and its outlets. */
  top: { article: Article; outlets: string[] };
}

export interface SpikeInput {
  now: Date;
  /** The earliest instant arrivals are known from; with under an hour of baseline before the last hour, nothing is judged. */
  historySince: Date;
  /** The topic's last notice, for the cooldown. */
  lastNoticeAt?: Date;
  settings: SpikeSettings;
}

/**
 * Whether a topic is surging now, pure: the arrivals in the last hour `(now − 1 h, now]` against the
 * mean hourly arrivals of the {@link SPIKE_BASELINE_HOURS} before it (or of the history there is).
 * A notice needs ≥ `factor` × baseline, ≥ `min` articles, ≥ {@link SPIKE_MIN_OUTLETS} outlets, and
 * no notice on the topic within `cooldownHours`.
 *
 * @example
 * // Eight reports from four outlets in the last hour, none in the two days before:
 * const arrivals = ['AP', 'BBC', 'Reuters', 'AP', 'BBC', 'AP', 'DW', 'Reuters'].map((source, i) => ({ article: { ...article, id: `a${i}`, source }, at: new Date(now.getTime() - i * 300_000) }));
 * const settings = { factor: 3, min: 5, cooldownHours: 6 };
 * const notice = detectSpike(arrivals, { now, historySince: new Date(now.getTime() - 48 * 3_600_000), settings });
 * [notice?.count, notice?.outlets, notice?.baselinePerHour] // => [8, ['AP', 'BBC', 'Reuters', 'DW'], 0]
 * detectSpike(arrivals, { now, historySince: now, settings }) // => undefined
 */
export function detectSpike(arrivals: readonly Arrival[], input: SpikeInput): SpikeNotice | undefined {
  const now = input.now.getTime();
  if (input.lastNoticeAt !== undefined && now - input.lastNoticeAt.getTime() < input.settings.cooldownHours * HOUR) return undefined;
  const hourStart = now - HOUR;
  const baselineStart = Math.max(hourStart - SPIKE_BASELINE_HOURS * HOUR, input.historySince.getTime());
  const baselineHours = (hourStart - baselineStart) / HOUR;
  if (baselineHours < 1) return undefined;
  const last = arrivals.filter((a) => a.at.getTime() > hourStart && a.at.getTime() <= now);
  const before = arrivals.filter((a) => a.at.getTime() > baselineStart && a.at.getTime() <= hourStart).length;
  const baselinePerHour = before / baselineHours;
  if (last.length < input.settings.min || last.length < input.settings.factor * baselinePerHour) return undefined;
  const perOutlet = new Map<string, number>();
  for (const a of last) perOutlet.set(outletName(a.article), (perOutlet.get(outletName(a.article)) ?? 0) + 1);
  if (perOutlet.size < SPIKE_MIN_OUTLETS) return undefined;
  const outlets = [...perOutlet].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([name]) => name);
  const top = pickDigest(last.map((a) => a.article), { now: input.now, maxStories: 1 }).items[0]!;
  return { count: last.length, outlets, baselinePerHour, top: { article: top.article, outlets: top.outlets } };
}
