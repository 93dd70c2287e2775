import type { Metadata } from "next";
import { notFound, permanentRedirect } from "next/navigation";
import { TermArticle } from "@/components/TermArticle";
import { decodeSegment, termBySlug } from "@/lib/cms";
import { draftAt } from "@/lib/preview";
import { metadataFrom } from "@/lib/seo";
import type { Term } from "@/lib/types";

// Term pages are rendered on their first visit, then served from the cache
// until the CMS's webhook says the term changed (or five minutes pass).
export const revalidate = 300;
export const dynamicParams = true;

export function generateStaticParams(): { slug: string }[] {
  // None at build time: a build never needs the CMS, and 10,000 terms would
  // make it slow. Each page is generated once, on demand.
  return [];
}

interface Props {
  params: Promise<{ slug: string }>;
}

async function load(params: Props["params"]): Promise<{ term: Term; preview: boolean }> {
  const slug = decodeSegment((await params).slug);
  if (!slug) notFound();
  const path = `/glossary/${encodeURIComponent(slug)}/`;
  const preview = await draftAt<Term>(path);
  if (preview) return { term: preview, preview: true };
  const answer = await termBySlug(slug);
  if (!answer) notFound();
  if ("movedTo" in answer) permanentRedirect(`/glossary/${encodeURIComponent(answer.movedTo)}/`);
  return { term: answer.term, preview: false };
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { term, preview } = await load(params);
  return metadataFrom(term.seo, { preview, type: "article" });
}

export default async function TermPage({ params }: Props) {
  const { term } = await load(params);
  return <TermArticle term={term} />;
}
