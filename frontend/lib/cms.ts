// Everything the site reads from the CMS goes through here.
//
// Published content is kept in Next.js's data cache under tags, for
// REVALIDATE_SECONDS at most; the CMS's publish webhook expires the tags it
// names at once (app/api/revalidate/route.ts). Drafts are never cached.

import type { Letters, LandingPage, Moved, SearchResults, Suggestions, Term, TermList } from "./types";

export const CMS_URL = (process.env.CMS_URL || "http://127.0.0.1:8000").replace(/\/+$/, "");
// A safety net: a webhook that never arrived heals within five minutes.
export const REVALIDATE_SECONDS = 300;
const TIMEOUT_MS = 10_000;

export const TAGS = {
  // Every answer from the CMS: a change that touches everything expires it.
  all: "cms",
  // Lists and counts: the A–Z index, letter pages, home, sitemap.
  listings: "listings",
  // Pages that are not terms (home, the glossary index).
  pages: "pages",
  term: (slug: string) => `term:${slug}`,
};

export class CmsError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

interface Read {
  tags?: string[];
  draft?: boolean;
}

async function read(path: string, { tags = [], draft = false }: Read = {}): Promise<Response> {
  const init: RequestInit = draft
    ? { cache: "no-store" }
    : { next: { revalidate: REVALIDATE_SECONDS, tags: [TAGS.all, ...tags] } };
  try {
    return await fetch(`${CMS_URL}${path}`, {
      ...init,
      redirect: "manual",
      headers: { Accept: "application/json" },
      // A CMS that hangs must not hold every page with it.
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (error) {
    if (error instanceof Error && error.name === "TimeoutError") {
      throw new CmsError(504, `The CMS at ${CMS_URL} did not answer within ${TIMEOUT_MS / 1000} s.`);
    }
    throw new CmsError(502, `The CMS at ${CMS_URL} cannot be reached: ${String(error)}`);
  }
}

async function json<T>(response: Response): Promise<T> {
  const data = await response.json().catch(() => null);
  if (!response.ok) {
    const message = data && typeof data.message === "string" ? data.message : response.statusText;
    throw new CmsError(response.status, message);
  }
  return data as T;
}

function query(params: Record<string, string | number | undefined>) {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined && value !== "") search.set(name, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : "";
}

/** A decoded path segment, or null when it is not valid percent-encoding. */
export function decodeSegment(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}

export type TermAnswer = { term: Term } | { movedTo: string } | null;

/** The published term with this slug, where an other name or old slug moved to, or null. */
export async function termBySlug(slug: string): Promise<TermAnswer> {
  const response = await read(`/api/glossary/terms/${encodeURIComponent(slug)}/`, {
    tags: [TAGS.term(slug)],
  });
  // A slug the CMS refuses (too long, a control character) names no term.
  if (response.status === 404 || response.status === 400) return null;
  if (response.status === 301) {
    const moved = await response.json().catch(() => null) as Moved | null;
    if (!moved?.slug) throw new CmsError(502, "The CMS moved a term without saying where.");
    return { movedTo: moved.slug };
  }
  return { term: await json<Term>(response) };
}

/** The published page at a frontend path (home, glossary index), in the detail shape. */
export async function pageAt(path: string): Promise<LandingPage | null> {
  // find/ answers with a redirect to the page's detail; follow it here.
  const found = await read(`/api/v2/pages/find/${query({ html_path: path })}`, { tags: [TAGS.pages] });
  if (found.status === 404) return null;
  const location = found.headers.get("location");
  if (found.status !== 302 || !location) return json<LandingPage>(found);
  const detail = new URL(location, CMS_URL);
  const response = await read(`${detail.pathname}${detail.search}`, { tags: [TAGS.pages] });
  if (response.status === 404) return null;
  return json<LandingPage>(response);
}

/** A draft by preview token, in exactly the shape of the published page. */
export async function draft<T = Term | LandingPage>(contentType: string, token: string): Promise<T> {
  const response = await read(`/api/v2/page_preview/${query({ content_type: contentType, token })}`, {
    draft: true,
  });
  return json<T>(response);
}

/** A–Z and # with how many published terms each holds. */
export async function letters(): Promise<Letters> {
  return json<Letters>(await read("/api/glossary/letters/", { tags: [TAGS.listings] }));
}

/** Published terms in title order, one page of `limit`. */
export async function terms(params: { letter?: string; limit?: number; offset?: number }): Promise<TermList> {
  const response = await read(`/api/glossary/terms/${query(params)}`, { tags: [TAGS.listings] });
  return json<TermList>(response);
}

/** Every published term under one letter, in title order. */
export async function termsUnder(letter: string): Promise<TermList["items"]> {
  const items: TermList["items"] = [];
  for (let offset = 0; ; offset += 100) {
    const page = await terms({ letter, limit: 100, offset });
    items.push(...page.items);
    if (items.length >= page.count || page.items.length === 0) return items;
  }
}

/** Typo-tolerant search over published terms. */
export async function search(q: string, offset = 0): Promise<SearchResults> {
  return json<SearchResults>(
    await read(`/api/glossary/search/${query({ q, limit: 20, offset })}`, { tags: [TAGS.listings] }),
  );
}

/** Names that complete what a reader is typing. */
export async function autocomplete(q: string): Promise<Suggestions> {
  return json<Suggestions>(await read(`/api/glossary/autocomplete/${query({ q })}`, { tags: [TAGS.listings] }));
}

/** The CMS's sitemap, whose addresses already point at this site. */
export async function sitemapXml(): Promise<string> {
  const response = await read("/sitemap.xml", { tags: [TAGS.listings] });
  if (!response.ok) throw new CmsError(response.status, "The CMS has no sitemap to give.");
  return response.text();
}
