import Link from "next/link";
import { Breadcrumbs, trailFrom } from "@/components/Breadcrumbs";
import { CallToAction } from "@/components/CallToAction";
import { JsonLd } from "@/components/JsonLd";
import { RichText } from "@/components/RichText";
import { letterPath } from "@/lib/letters";
import { localPath } from "@/lib/urls";
import type { BodyBlock, Image, Term } from "@/lib/types";

function Picture({ image, caption }: { image: Image; caption?: string }) {
  return (
    <figure>
      <img src={image.url} width={image.width} height={image.height} alt={image.alt} loading="lazy" />
      {caption && <figcaption>{caption}</figcaption>}
    </figure>
  );
}

function Block({ block }: { block: BodyBlock }) {
  switch (block.type) {
    case "section":
      return (
        <section>
          <h2>{block.value.heading}</h2>
          <RichText html={block.value.text} />
        </section>
      );
    case "quote":
      return (
        <figure className="quote">
          <blockquote>
            <p>{block.value.quote}</p>
          </blockquote>
          {block.value.attribution && <figcaption>{block.value.attribution}</figcaption>}
        </figure>
      );
    case "image":
      return block.value.image ? <Picture image={block.value.image} caption={block.value.caption} /> : null;
    case "cta":
      return block.value ? <CallToAction cta={block.value} /> : null;
    default:
      return null;
  }
}

/** The FAQ blocks, gathered under one heading wherever they sit in the body. */
function Faq({ body }: { body: BodyBlock[] }) {
  const questions = body.filter((block) => block.type === "faq");
  if (!questions.length) return null;
  return (
    <section className="faq" aria-labelledby="faq">
      <h2 id="faq">Frequently asked questions</h2>
      {questions.map((block) => (
        <details key={block.id} open>
          <summary>{block.value.question}</summary>
          <RichText html={block.value.answer} />
        </details>
      ))}
    </section>
  );
}

function lastUpdated(term: Term): string | null {
  const when = term.meta.last_published_at ?? term.meta.first_published_at;
  return when ?? null;
}

export function TermArticle({ term }: { term: Term }) {
  const updated = lastUpdated(term);
  return (
    <article className="term">
      <JsonLd items={term.json_ld} />
      <Breadcrumbs trail={trailFrom(term.json_ld)} />
      <header>
        <h1>{term.title}</h1>
        {term.aliases.length > 0 && <p className="aliases">Also called: {term.aliases.join(", ")}</p>}
        <p className="lead">{term.short_definition}</p>
        <p className="facts">
          {term.category && <span>Category: {term.category.name}</span>}
          <span>
            Letter: <Link href={letterPath(term.letter)}>{term.letter}</Link>
          </span>
          {updated && (
            <span>
              Last updated:{" "}
              <time dateTime={updated}>
                {new Date(updated).toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" })}
              </time>
            </span>
          )}
        </p>
      </header>

      <section aria-labelledby="definition">
        <h2 id="definition">{term.headings.definition}</h2>
        <RichText html={term.definition} />
      </section>

      {term.why_it_matters && (
        <section aria-labelledby="why">
          <h2 id="why">{term.headings.why_it_matters}</h2>
          <RichText html={term.why_it_matters} />
        </section>
      )}

      {term.examples.length > 0 && (
        <section aria-labelledby="examples">
          <h2 id="examples">{term.headings.examples}</h2>
          {term.examples.map(({ id, value }) => (
            <div className="example" key={id}>
              {value.title && <h3>{value.title}</h3>}
              <RichText html={value.body} />
              {value.image && <Picture image={value.image} />}
              {value.link?.url && (
                <p>
                  <a href={value.link.url}>{value.link.label || "See the example"}</a>
                </p>
              )}
            </div>
          ))}
        </section>
      )}

      {term.body.map((block) => (
        <Block key={block.id} block={block} />
      ))}
      <Faq body={term.body} />

      {term.cta && <CallToAction cta={term.cta} />}

      {term.related_terms.length > 0 && (
        <section aria-labelledby="related">
          <h2 id="related">Related terms</h2>
          <ul className="related">
            {term.related_terms.map((related) => (
              <li key={related.id}>
                <Link href={localPath(related.url)}>{related.title}</Link>
              </li>
            ))}
          </ul>
        </section>
      )}

      {term.tags.length > 0 && (
        <footer className="tags">
          <h2 className="visually-hidden">Tags</h2>
          <ul>
            {term.tags.map((tag) => (
              <li key={tag}>{tag}</li>
            ))}
          </ul>
        </footer>
      )}
    </article>
  );
}
