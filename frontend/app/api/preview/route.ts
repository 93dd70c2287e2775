import { cookies, draftMode } from "next/headers";
import { redirect } from "next/navigation";
import type { NextRequest } from "next/server";
import { CmsError, draft } from "@/lib/cms";
import { DRAFT_MODE_COOKIE, onThisSite, PREVIEW_COOKIE, previewCookieOptions, type PreviewTicket } from "@/lib/preview";
import type { PageMeta } from "@/lib/types";

const CONTENT_TYPE = /^[a-z_][a-z0-9_]*\.[a-z_][a-z0-9_]*$/;
const TOKEN = /^[^\x00-\x1f]{1,400}$/;

function refuse(status: number, message: string) {
  return new Response(`${message}\n`, {
    status,
    headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" },
  });
}

/** Where the draft lives on this site: its published path, or where a new term will be. */
function pathOf(page: { meta: PageMeta }): string {
  if (page.meta.html_url) {
    try {
      return new URL(page.meta.html_url).pathname;
    } catch {
      // fall through to the slug
    }
  }
  if (page.meta.type === "glossary.GlossaryTermPage" && page.meta.slug) {
    return `/glossary/${encodeURIComponent(page.meta.slug)}/`;
  }
  return "/";
}

export async function GET(request: NextRequest) {
  const contentType = request.nextUrl.searchParams.get("content_type") ?? "";
  const token = request.nextUrl.searchParams.get("token") ?? "";
  if (!CONTENT_TYPE.test(contentType) || !TOKEN.test(token)) {
    return refuse(400, "This preview link is incomplete. Click Preview in the CMS again.");
  }
  let page: { meta: PageMeta };
  try {
    page = await draft<{ meta: PageMeta }>(contentType, token);
  } catch (error) {
    if (error instanceof CmsError && error.status < 500) {
      return refuse(error.status, `${error.message}. Click Preview in the CMS again.`);
    }
    return refuse(502, "The CMS cannot be reached to show this preview. Try again in a moment.");
  }
  const path = pathOf(page);
  const ticket: PreviewTicket = { contentType, token, path };
  (await draftMode()).enable();
  const jar = await cookies();
  const options = previewCookieOptions();
  // Draft Mode's cookie again, with the options a framed preview needs.
  const bypass = jar.get(DRAFT_MODE_COOKIE);
  if (bypass) jar.set(DRAFT_MODE_COOKIE, bypass.value, options);
  jar.set(PREVIEW_COOKIE, JSON.stringify(ticket), options);
  redirect(onThisSite(path, request.nextUrl.origin));
}
