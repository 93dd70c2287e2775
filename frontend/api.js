// Everything the site reads from the CMS goes through here.

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

let configPromise;

function config() {
  configPromise ??= fetch("/config.json").then((response) => response.json());
  return configPromise;
}

async function get(path, params = {}, api = "v2") {
  const { cmsUrl } = await config();
  const url = new URL(`/api/${api}/${path}`, cmsUrl);
  for (const [name, value] of Object.entries(params)) {
    url.searchParams.set(name, value);
  }
  const response = await fetch(url);
  const data = await response.json().catch(() => ({}));
  if (!response.ok) {
    throw new ApiError(response.status, data.message || response.statusText);
  }
  return data;
}

// The published page at a frontend path, in the detail shape.
export function pageAt(path) {
  return get("pages/find/", { html_path: path });
}

// A draft by preview token, in exactly the same shape.
export function draft(contentType, token) {
  return get("page_preview/", { content_type: contentType, token });
}

// A–Z and # with how many published terms each letter holds.
export function letters() {
  return get("letters/", {}, "glossary");
}

// The published terms under one letter, title order, 100 per request.
export async function termsUnder(letter) {
  const terms = [];
  for (let offset = 0; ; offset += 100) {
    const page = await get("terms/", { letter, limit: 100, offset }, "glossary");
    terms.push(...page.items);
    if (terms.length >= page.count || page.items.length === 0) return terms;
  }
}
