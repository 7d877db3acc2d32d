/** Query parameters that only track a click and never change the page. */
const TRACKING_PARAMS = /^(utm_[a-z]+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|igshid|ref|ref_src|cmpid|ito|s_cid|at_medium|at_campaign|_ga|yclid|ocid)$/i;

/**
 * The form of a URL used to tell whether two articles are the same page: lower-case scheme and host,
 * no `www.`, no default port, no fragment, no tracking parameters, no trailing slash.
 * Returns undefined for anything that is not an absolute http(s) URL.
 *
 * @example canonicalUrl('https://www.usip.org/a/?utm_source=x#top') // => 'https://usip.org/a'
 */
export function canonicalUrl(raw: string): string | undefined {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  url.hash = '';
  url.hostname = url.hostname.toLowerCase().replace(/^www\./, '');
  dropTracking(url);
  url.searchParams.sort();
  const search = url.searchParams.toString();
  const path = url.pathname.replace(/\/+$/, '');
  return `https://${url.host}${path}${search ? `?${search}` : ''}`;
}

/**
 * The link without click-tracking parameters (the one list, {@link TRACKING_PARAMS}), otherwise as
 * given; a link that is not a URL is returned unchanged.
 *
 * @example withoutTracking('https://x.org/a?id=3&utm_source=rss&fbclid=1') // => 'https://x.org/a?id=3'
 */
export function withoutTracking(link: string): string {
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    return link;
  }
  dropTracking(url);
  return url.href;
}

function dropTracking(url: URL): void {
  for (const key of [...url.searchParams.keys()]) if (TRACKING_PARAMS.test(key)) url.searchParams.delete(key);
}

/** True for an absolute http(s) URL. */
export function isHttpUrl(raw: string): boolean {
  return canonicalUrl(raw) !== undefined;
}
