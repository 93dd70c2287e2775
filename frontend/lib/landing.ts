import { notFound } from "next/navigation";
import { connection } from "next/server";
import { pageAt } from "./cms";
import { draftAt } from "./preview";
import type { LandingPage } from "./types";

/**
 * The home page or the glossary index, or the draft of it being previewed.
 *
 * Rendered per request (from the data cache), so a build never needs the CMS.
 */
export async function landingPage(path: string): Promise<{ page: LandingPage; preview: boolean }> {
  await connection();
  const preview = await draftAt<LandingPage>(path);
  if (preview) return { page: preview, preview: true };
  const page = await pageAt(path);
  if (!page) notFound();
  return { page, preview: false };
}
