// Letter pages live at /glossary/letter/<code>/: a–z, and 0-9 for "#"
// (terms that start with a digit or a symbol), as the CMS's sitemap names them.

const OTHER = "#";
const OTHER_CODE = "0-9";

/** The URL segment for a letter as the API names it ("B" → "b", "#" → "0-9"). */
export function letterCode(letter: string): string {
  return letter === OTHER ? OTHER_CODE : letter.toLowerCase();
}

/** The API's letter for a URL segment, or null when no letter page has it. */
export function letterFromCode(code: string): string | null {
  if (code === OTHER_CODE) return OTHER;
  return /^[a-z]$/.test(code) ? code.toUpperCase() : null;
}

export function letterPath(letter: string): string {
  return `/glossary/letter/${letterCode(letter)}/`;
}

/** How a letter reads in a heading: "B", or "0–9" for the digits-and-symbols group. */
export function letterLabel(letter: string): string {
  return letter === OTHER ? "0–9" : letter;
}
