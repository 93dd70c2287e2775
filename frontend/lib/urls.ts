/**
 * A URL the CMS handed out for one of its pages, as a path on this site.
 *
 * The CMS writes absolute URLs on its configured FRONTEND_URL; links between
 * pages stay on whichever host serves this copy of the site (staging, a
 * preview deployment). Anything that is not a URL is returned unchanged.
 */
export function localPath(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.pathname}${parsed.search}${parsed.hash}`;
  } catch {
    return url;
  }
}
