import type { Metadata } from "next";
import { JsonLd } from "@/components/JsonLd";
import { LetterNav } from "@/components/LetterNav";
import { RichText } from "@/components/RichText";
import { TermList } from "@/components/TermList";
import { letters, terms } from "@/lib/cms";
import { landingPage } from "@/lib/landing";
import { metadataFrom } from "@/lib/seo";

export async function generateMetadata(): Promise<Metadata> {
  const { page, preview } = await landingPage("/");
  return metadataFrom(page.seo, { preview });
}

export default async function Home() {
  const [{ page }, index, first] = await Promise.all([landingPage("/"), letters(), terms({ limit: 12 })]);
  return (
    <>
      <JsonLd items={page.json_ld} />
      <section className="hero">
        <h1>{page.title}</h1>
        <RichText html={page.intro} className="lead" />
        <p className="count">
          {index.total} {index.total === 1 ? "term" : "terms"}, explained with examples.
        </p>
      </section>
      <LetterNav letters={index} />
      <section aria-labelledby="start-here">
        <h2 id="start-here">Start here</h2>
        <TermList terms={first.items} />
      </section>
    </>
  );
}
