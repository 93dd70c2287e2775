import type { Metadata } from "next";
import type { Seo } from "./types";

/** <head> for a page, from the `seo` field every CMS page has. */
export function metadataFrom(seo: Seo, { preview = false, type = "website" }: { preview?: boolean; type?: "website" | "article" } = {}): Metadata {
  const socialTitle = seo.social_title || seo.title;
  const images = seo.image ? [{ url: seo.image }] : undefined;
  return {
    title: { absolute: seo.title },
    description: seo.description,
    alternates: { canonical: seo.canonical_url },
    // A draft is never indexed, whatever the page will say once published.
    robots: preview ? { index: false, follow: false } : seo.robots,
    openGraph: {
      type,
      title: socialTitle,
      description: seo.description,
      url: seo.canonical_url,
      siteName: seo.site_name,
      images,
    },
    twitter: {
      card: seo.image ? "summary_large_image" : "summary",
      title: socialTitle,
      description: seo.description,
      images: seo.image ? [seo.image] : undefined,
    },
  };
}

/**
 * What the CMS appends to every <title> (its "title suffix" setting, e.g.
 * " — Creator Glossary"), read off a page the CMS titled, so pages the CMS
 * has no record of (letter pages) end the same way.
 */
export function titleSuffix(seo: Seo): string {
  const social = seo.social_title;
  return social && seo.title.startsWith(social) ? seo.title.slice(social.length) : "";
}
