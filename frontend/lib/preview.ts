// Draft previews: the CMS's Preview button opens /api/preview/ with a token;
// that route turns on Next.js Draft Mode and remembers the token and the page
// it is for in a cookie, and the page at that path then shows the draft.

import { cookies, draftMode } from "next/headers";
import { CmsError, decodeSegment, draft } from "./cms";

export const PREVIEW_COOKIE = "glossary-preview";
// Next.js's own Draft Mode cookie.
export const DRAFT_MODE_COOKIE = "__prerender_bypass";
const PREVIEW_MAX_AGE = 3600;

/**
 * How both preview cookies are set. The CMS shows previews in a frame, and a
 * CMS on another site than this one (cms.example.org for www.example.com)
 * makes them third-party cookies, which Chromium blocks unless they are
 * partitioned (CHIPS): kept for this site inside the CMS's pages only. That
 * is also where a preview belongs; the editor's own visits to the site stay
 * on the published pages. Browsers without CHIPS ignore the attribute.
 */
export function previewCookieOptions() {
  const production = process.env.NODE_ENV === "production";
  return {
    httpOnly: true,
    path: "/",
    // SameSite=None, needed inside a frame, needs Secure, which Partitioned needs too.
    sameSite: production ? ("none" as const) : ("lax" as const),
    secure: production,
    partitioned: production,
    // As long as a preview token lives (the CMS's PREVIEW_TOKEN_MAX_AGE).
    maxAge: PREVIEW_MAX_AGE,
  };
}

export interface PreviewTicket {
  contentType: string;
  token: string;
  path: string;
}

/** One spelling of a path whether it arrived percent-encoded or not. */
export function samePath(path: string): string {
  return path
    .split("/")
    .map((segment) => decodeSegment(segment) ?? segment)
    .join("/");
}

export function readTicket(value: string | undefined): PreviewTicket | null {
  if (!value) return null;
  try {
    const ticket = JSON.parse(value);
    const ok = ["contentType", "token", "path"].every((key) => typeof ticket?.[key] === "string");
    return ok ? ticket : null;
  } catch {
    return null;
  }
}

/** The draft to show at `path`, when this browser is previewing it; otherwise null. */
export async function draftAt<T>(path: string): Promise<T | null> {
  const { isEnabled } = await draftMode();
  if (!isEnabled) return null;
  const ticket = readTicket((await cookies()).get(PREVIEW_COOKIE)?.value);
  if (!ticket || samePath(ticket.path) !== samePath(path)) return null;
  try {
    return await draft<T>(ticket.contentType, ticket.token);
  } catch (error) {
    // The token expired or its preview was cleared: the published page,
    // not an error page, until the editor presses Preview again.
    if (error instanceof CmsError && error.status < 500) return null;
    throw error;
  }
}

/** A path on this site only: anything that would leave it becomes "/". */
export function onThisSite(path: string, origin: string): string {
  try {
    const url = new URL(path, origin);
    return url.origin === new URL(origin).origin ? `${url.pathname}${url.search}` : "/";
  } catch {
    return "/";
  }
}

export async function isPreviewing(): Promise<boolean> {
  return (await draftMode()).isEnabled;
}
