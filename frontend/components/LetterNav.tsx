import Link from "next/link";
import { letterLabel, letterPath } from "@/lib/letters";
import type { Letters } from "@/lib/types";

/** A–Z and 0–9; letters with no published term are shown but not linked. */
export function LetterNav({ letters, current }: { letters: Letters; current?: string }) {
  return (
    <nav className="letters" aria-label="Terms by first letter">
      <ul>
        {letters.items.map(({ letter, count }) => (
          <li key={letter}>
            {count > 0 ? (
              <Link
                href={letterPath(letter)}
                aria-current={letter === current ? "page" : undefined}
                aria-label={`${letterLabel(letter)}: ${count} ${count === 1 ? "term" : "terms"}`}
              >
                {letterLabel(letter)}
              </Link>
            ) : (
              <span>
                {letterLabel(letter)}
                <span className="visually-hidden">: no terms yet</span>
              </span>
            )}
          </li>
        ))}
      </ul>
    </nav>
  );
}
