"use client";

// Shown when the CMS cannot answer (down, or an error on its side). The
// status stays 5xx, so crawlers retry later instead of dropping the page.

export default function ErrorPage({ reset }: { error: Error; reset: () => void }) {
  return (
    <>
      <h1>This page is unavailable right now</h1>
      <p>The glossary could not be reached. Please try again in a moment.</p>
      <p>
        <button type="button" className="button" onClick={reset}>
          Try again
        </button>
      </p>
    </>
  );
}
