import type { Metadata } from "next";
import Link from "next/link";
import { SearchBox } from "@/components/SearchBox";
import { CmsError, search } from "@/lib/cms";
import { localPath } from "@/lib/urls";
import type { SearchResults } from "@/lib/types";

export const metadata: Metadata = {
  title: "Search",
  // Result pages are endless and thin: useful to readers, not to an index.
  robots: { index: false, follow: true },
};

interface Props {
  searchParams: Promise<{ q?: string | string[]; offset?: string | string[] }>;
}

function one(value: string | string[] | undefined): string {
  return (Array.isArray(value) ? value[0] : value) ?? "";
}

export default async function SearchPage({ searchParams }: Props) {
  const params = await searchParams;
  const q = one(params.q).trim().slice(0, 200);
  const offset = Math.max(0, Math.min(Number.parseInt(one(params.offset), 10) || 0, 10_000));
  let results: SearchResults | null = null;
  let problem: string | null = null;
  if (q) {
    try {
      results = await search(q, offset);
    } catch (error) {
      problem = error instanceof CmsError && error.status < 500 ? error.message : "Search is unavailable right now. Try again in a moment.";
    }
  }
  return (
    <>
      <h1>{q ? `Results for “${q}”` : "Search the glossary"}</h1>
      <SearchBox initial={q} label="Search again" />
      {problem && <p role="alert">{problem}</p>}
      {results && (
        <>
          <p role="status">
            {results.count === 0 ? "No terms match." : `${results.count} ${results.count === 1 ? "term matches" : "terms match"}.`}
          </p>
          <ol className="results" start={offset + 1}>
            {results.items.map((hit) => (
              <li key={hit.id}>
                <Link href={localPath(hit.url)} dangerouslySetInnerHTML={{ __html: hit.highlight?.title || hit.title }} />
                {hit.matched_name && hit.matched_name !== hit.title && <span className="aside"> (also called {hit.matched_name})</span>}
                {hit.highlight?.snippet ? <p dangerouslySetInnerHTML={{ __html: hit.highlight.snippet }} /> : <p>{hit.short_definition}</p>}
              </li>
            ))}
          </ol>
          <nav className="pager" aria-label="More results">
            {offset > 0 && <Link href={`/search/?q=${encodeURIComponent(q)}&offset=${Math.max(0, offset - results.limit)}`}>Previous</Link>}
            {offset + results.items.length < results.count && (
              <Link href={`/search/?q=${encodeURIComponent(q)}&offset=${offset + results.limit}`}>Next</Link>
            )}
          </nav>
        </>
      )}
    </>
  );
}
