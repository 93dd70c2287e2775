import { connection } from "next/server";
import { pageAt } from "@/lib/cms";

/** Everything may be crawled but the API routes and search results; the sitemap is named. */
export async function GET(request: Request) {
  await connection();
  // The sitemap's address on the public host the CMS knows this site by.
  const home = await pageAt("/").catch(() => null);
  const site = home ? new URL(home.seo.canonical_url).origin : new URL(request.url).origin;
  const body = ["User-agent: *", "Allow: /", "Disallow: /api/", "Disallow: /search/", "", `Sitemap: ${site}/sitemap.xml`, ""].join("\n");
  return new Response(body, {
    headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "public, max-age=300" },
  });
}
