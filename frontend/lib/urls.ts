/**
 * A URL the CMS handed out, as a path on this site when it points here.
 *
 * The CMS writes absolute URLs on its configured FRONTEND_URL; links between
 * pages stay on whichever host serves this copy of the site (staging, a
 * preview deployment). Anything else is returned unchanged.
 */
export function localPath(url: string, site = process.env.CMS_FRONTEND_URL): string {
  try {
    const parsed = new URL(url);
    if (site && parsed.origin !== new URL(site).origin) return url;
    return `${parsed.pathname}${parsed.search}${parsed.hash}`;
  } catch {
    return url;
  }
}
