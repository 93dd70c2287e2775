// Which cached answers a CMS webhook message makes stale.

import { decodeSegment, TAGS } from "./cms";

const TERM_PATH = /^\/glossary\/([^/]+)\/$/;

export interface WebhookMessage {
  event?: unknown;
  page?: { url?: unknown; slug?: unknown; old_slug?: unknown } | null;
  changed?: { everything?: unknown; urls?: unknown } | null;
}

/** The slug of a term page URL on this site, or null for any other URL. */
export function termSlugOf(url: unknown): string | null {
  if (typeof url !== "string") return null;
  let path: string;
  try {
    path = new URL(url, "http://site.invalid").pathname;
  } catch {
    return null;
  }
  const match = TERM_PATH.exec(path);
  if (!match || match[1] === "letter") return null;
  return decodeSegment(match[1]);
}

/**
 * The tags to expire for one message. Lists, counts and landing pages change
 * with almost any publish, so they always go; each named term goes too, by
 * its current and its old slug. A change to everything expires everything.
 */
export function tagsFor(message: WebhookMessage): string[] {
  if (message.changed?.everything === true) return [TAGS.all];
  const tags = new Set([TAGS.listings, TAGS.pages]);
  const urls = Array.isArray(message.changed?.urls) ? message.changed.urls : [];
  for (const url of [...urls, message.page?.url]) {
    const slug = termSlugOf(url);
    if (slug) tags.add(TAGS.term(slug));
  }
  const page = message.page;
  if (page && termSlugOf(page.url) !== null) {
    for (const slug of [page.slug, page.old_slug]) {
      if (typeof slug === "string" && slug) tags.add(TAGS.term(slug));
    }
  }
  return [...tags];
}
