import { connection } from "next/server";
import { sitemapXml } from "@/lib/cms";

/** The CMS's sitemap (its <loc>s already name this site), served on this host. */
export async function GET() {
  await connection();
  try {
    return new Response(await sitemapXml(), {
      headers: { "Content-Type": "application/xml; charset=utf-8", "Cache-Control": "public, max-age=300" },
    });
  } catch {
    return new Response("The sitemap is unavailable right now.\n", {
      status: 503,
      headers: { "Content-Type": "text/plain; charset=utf-8", "Retry-After": "60", "Cache-Control": "no-store" },
    });
  }
}
