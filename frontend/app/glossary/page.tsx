import type { Metadata } from "next";
import Link from "next/link";
import { Breadcrumbs, trailFrom } from "@/components/Breadcrumbs";
import { JsonLd } from "@/components/JsonLd";
import { LetterNav } from "@/components/LetterNav";
import { RichText } from "@/components/RichText";
import { TermList } from "@/components/TermList";
import { letters, terms } from "@/lib/cms";
import { landingPage } from "@/lib/landing";
import { letterLabel, letterPath } from "@/lib/letters";
import { metadataFrom } from "@/lib/seo";

// How many terms each letter shows here; its own page lists them all.
const PER_LETTER = 8;

export async function generateMetadata(): Promise<Metadata> {
  const { page, preview } = await landingPage("/glossary/");
  return metadataFrom(page.seo, { preview });
}

export default async function GlossaryIndex() {
  const [{ page }, index] = await Promise.all([landingPage("/glossary/"), letters()]);
  const filled = index.items.filter((item) => item.count > 0);
  const lists = await Promise.all(filled.map((item) => terms({ letter: item.letter, limit: PER_LETTER })));
  return (
    <>
      <JsonLd items={page.json_ld} />
      <Breadcrumbs trail={trailFrom(page.json_ld)} />
      <h1>{page.title}</h1>
      <RichText html={page.intro} className="lead" />
      <LetterNav letters={index} />
      {filled.map((item, position) => (
        <section key={item.letter} className="letter-group" aria-labelledby={`letter-${position}`}>
          <h2 id={`letter-${position}`}>{letterLabel(item.letter)}</h2>
          <TermList terms={lists[position].items} />
          {item.count > PER_LETTER && (
            <p>
              <Link href={letterPath(item.letter)}>
                All {item.count} terms under {letterLabel(item.letter)}
              </Link>
            </p>
          )}
        </section>
      ))}
    </>
  );
}
