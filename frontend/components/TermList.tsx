import Link from "next/link";
import { localPath } from "@/lib/urls";
import type { TermSummary } from "@/lib/types";

export function TermList({ terms }: { terms: Pick<TermSummary, "id" | "title" | "url" | "short_definition">[] }) {
  return (
    <ul className="term-list">
      {terms.map((term) => (
        <li key={term.id}>
          <Link href={localPath(term.url)}>{term.title}</Link>
          <p>{term.short_definition}</p>
        </li>
      ))}
    </ul>
  );
}
