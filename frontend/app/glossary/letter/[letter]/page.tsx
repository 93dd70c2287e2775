import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Breadcrumbs } from "@/components/Breadcrumbs";
import { LetterNav } from "@/components/LetterNav";
import { TermList } from "@/components/TermList";
import { letters, pageAt, termsUnder } from "@/lib/cms";
import { letterFromCode, letterLabel, letterPath } from "@/lib/letters";
import { metadataFrom, titleSuffix } from "@/lib/seo";

// Like term pages: rendered on first visit, served from the cache until the
// CMS's webhook says the listings changed (or five minutes pass).
export const revalidate = 300;
export const dynamicParams = true;

export function generateStaticParams(): { letter: string }[] {
  return [];
}

interface Props {
  params: Promise<{ letter: string }>;
}

/** The letter this page is for and how many terms it holds; 404 when none. */
async function load(params: Props["params"]) {
  const letter = letterFromCode((await params).letter);
  if (!letter) notFound();
  const [index, all] = await Promise.all([pageAt("/glossary/"), letters()]);
  if (!index) notFound();
  const count = all.items.find((item) => item.letter === letter)?.count ?? 0;
  if (count === 0) notFound();
  const url = new URL(letterPath(letter), index.seo.canonical_url).href;
  return { letter, index, all, count, url };
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { letter, index, count, url } = await load(params);
  const heading = `Terms starting with ${letterLabel(letter)}`;
  return metadataFrom({
    ...index.seo,
    title: `${heading}${titleSuffix(index.seo)}`,
    social_title: heading,
    description: `${count} creator-economy ${count === 1 ? "term" : "terms"} starting with ${letterLabel(letter)}, each explained in plain language with an example.`,
    canonical_url: url,
  });
}

export default async function LetterPage({ params }: Props) {
  const { letter, index, all, url } = await load(params);
  const items = await termsUnder(letter);
  const heading = `Terms starting with ${letterLabel(letter)}`;
  return (
    <>
      <Breadcrumbs
        trail={[
          { name: index.title, url: index.seo.canonical_url },
          { name: heading, url },
        ]}
      />
      <h1>{heading}</h1>
      <LetterNav letters={all} current={letter} />
      <TermList terms={items} />
    </>
  );
}
