"use client";

// A search form that works without JavaScript (it submits to /search/), with
// typo-tolerant suggestions as the reader types once the page is interactive:
// an ARIA combobox, driven by the arrow keys, Enter and Escape.

import { useRouter } from "next/navigation";
import { useEffect, useId, useRef, useState } from "react";

interface Suggestion {
  title: string;
  url: string;
  suggestion: string;
  is_other_name: boolean;
}

const DELAY_MS = 120;
const MIN_LENGTH = 2;

function pathOf(url: string) {
  try {
    return new URL(url).pathname;
  } catch {
    return url;
  }
}

export function SearchBox({ initial = "", label = "Search the glossary" }: { initial?: string; label?: string }) {
  const router = useRouter();
  const id = useId();
  const listId = `${id}-suggestions`;
  const [query, setQuery] = useState(initial);
  const [items, setItems] = useState<Suggestion[]>([]);
  const [active, setActive] = useState(-1);
  const [open, setOpen] = useState(false);
  const latest = useRef(0);

  useEffect(() => {
    const q = query.trim();
    if (q.length < MIN_LENGTH) return;
    const ticket = ++latest.current;
    const timer = setTimeout(async () => {
      try {
        const response = await fetch(`/api/autocomplete/?q=${encodeURIComponent(q)}`);
        if (!response.ok) return;
        const data = await response.json();
        // Answers can arrive out of order; only the newest question counts.
        if (ticket !== latest.current) return;
        setItems(Array.isArray(data.items) ? data.items : []);
        setActive(-1);
      } catch {
        // Suggestions are a nicety: the form still searches without them.
      }
    }, DELAY_MS);
    return () => clearTimeout(timer);
  }, [query]);

  // Suggestions for a question too short to ask are stale: not shown.
  const shown = query.trim().length >= MIN_LENGTH ? items : [];
  const expanded = open && shown.length > 0;

  function onKeyDown(event: React.KeyboardEvent<HTMLInputElement>) {
    if (event.key === "ArrowDown" && shown.length) {
      event.preventDefault();
      setOpen(true);
      setActive((index) => (index + 1) % shown.length);
    } else if (event.key === "ArrowUp" && shown.length) {
      event.preventDefault();
      setActive((index) => (index <= 0 ? shown.length - 1 : index - 1));
    } else if (event.key === "Escape") {
      setOpen(false);
      setActive(-1);
    } else if (event.key === "Enter" && expanded && active >= 0) {
      event.preventDefault();
      setOpen(false);
      router.push(pathOf(shown[active].url));
    }
  }

  return (
    <form className="search" role="search" action="/search/" method="get">
      <label htmlFor={`${id}-q`}>{label}</label>
      <div className="search-row">
        <div className="combobox">
          <input
            id={`${id}-q`}
            name="q"
            type="search"
            value={query}
            autoComplete="off"
            placeholder="e.g. engagement rate"
            role="combobox"
            aria-autocomplete="list"
            aria-expanded={expanded}
            aria-controls={listId}
            aria-activedescendant={expanded && active >= 0 ? `${listId}-${active}` : undefined}
            onChange={(event) => {
              setQuery(event.target.value);
              setOpen(true);
              // A suggestion chosen for the old words is not an answer to the
              // new ones: Enter searches until one is chosen again.
              setActive(-1);
            }}
            onKeyDown={onKeyDown}
            onBlur={() => setTimeout(() => setOpen(false), 150)}
            onFocus={() => setOpen(true)}
          />
          <ul id={listId} role="listbox" aria-label="Suggestions" hidden={!expanded}>
            {shown.map((item, index) => (
              <li
                key={`${item.url}-${item.suggestion}`}
                id={`${listId}-${index}`}
                role="option"
                aria-selected={index === active}
                onMouseDown={(event) => {
                  event.preventDefault();
                  setOpen(false);
                  router.push(pathOf(item.url));
                }}
              >
                {item.suggestion}
                {item.is_other_name && <span className="aside"> → {item.title}</span>}
              </li>
            ))}
          </ul>
        </div>
        <button type="submit">Search</button>
      </div>
    </form>
  );
}
