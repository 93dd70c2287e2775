import { cookies, draftMode } from "next/headers";
import { redirect } from "next/navigation";
import type { NextRequest } from "next/server";
import { DRAFT_MODE_COOKIE, onThisSite, PREVIEW_COOKIE, previewCookieOptions } from "@/lib/preview";

/** Leave preview and go back to the published page, on this site only. */
export async function GET(request: NextRequest) {
  (await draftMode()).disable();
  // Deleted as they were set: a partitioned cookie goes only by a partitioned Set-Cookie.
  const jar = await cookies();
  const expired = { ...previewCookieOptions(), maxAge: 0 };
  jar.set(DRAFT_MODE_COOKIE, "", expired);
  jar.set(PREVIEW_COOKIE, "", expired);
  redirect(onThisSite(request.nextUrl.searchParams.get("path") ?? "/", request.nextUrl.origin));
}
