import type { NextRequest } from "next/server";
import { autocomplete, CmsError } from "@/lib/cms";

/** The CMS's autocomplete, served from this site so the page talks to its own origin only. */
export async function GET(request: NextRequest) {
  const q = request.nextUrl.searchParams.get("q") ?? "";
  try {
    return Response.json(await autocomplete(q), {
      headers: { "Cache-Control": "public, max-age=60" },
    });
  } catch (error) {
    const status = error instanceof CmsError && error.status < 500 ? error.status : 502;
    const message = error instanceof CmsError && error.status < 500 ? error.message : "Suggestions are unavailable right now.";
    return Response.json({ message }, { status, headers: { "Cache-Control": "no-store" } });
  }
}
