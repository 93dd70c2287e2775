// Turn API JSON into DOM. Rich text fields are HTML the CMS already cleaned;
// every other string is set as text.

export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    if (name === "html") node.innerHTML = value;
    else node.setAttribute(name, value === true ? "" : value);
  }
  node.append(...children.flat().filter((child) => child !== null && child !== undefined));
  return node;
}

const rich = (html, className = "rich") => el("div", { class: className, html });

// Links between pages keep to whichever host serves this frontend (dev, staging).
function link(url, label, { internal = false, ...attributes } = {}) {
  return el("a", { ...attributes, href: internal ? new URL(url).pathname : url }, label);
}

// Characters that break out of a <script> element when JSON is printed into
// HTML: "</script>" closes it and "<!--" can swallow what follows; U+2028/29
// end a string in JavaScript before ES2019. Escaped, the JSON means the same.
const SCRIPT_ESCAPES = { "<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029" };

// JSON for the body of a <script> element, e.g. JSON-LD: safe to print in HTML
// whatever strings the CMS returned.
export function jsonForScript(value) {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (character) => SCRIPT_ESCAPES[character]);
}

function setMeta(selector, create, attribute, value) {
  let node = document.head.querySelector(selector);
  if (!value) {
    node?.remove();
    return;
  }
  if (!node) {
    node = create();
    document.head.append(node);
  }
  node.setAttribute(attribute, value);
}

export function renderHead(page, { preview = false } = {}) {
  const seo = page.seo;
  document.title = seo.title;
  const meta = (name, value, key = "name") =>
    setMeta(`meta[${key}="${name}"]`, () => el("meta", { [key]: name }), "content", value);
  meta("description", seo.description);
  meta("robots", preview ? "noindex, nofollow" : seo.robots);
  meta("og:title", seo.title, "property");
  meta("og:description", seo.description, "property");
  meta("og:url", seo.canonical_url, "property");
  meta("og:image", seo.image, "property");
  meta("twitter:card", seo.image ? "summary_large_image" : "summary");
  setMeta('link[rel="canonical"]', () => el("link", { rel: "canonical" }), "href", seo.canonical_url);
  document.head.querySelectorAll('script[type="application/ld+json"]').forEach((node) => node.remove());
  for (const item of page.json_ld) {
    const script = el("script", { type: "application/ld+json" });
    // The DOM would keep plain JSON inert, but a server-rendered or saved copy
    // of this page is parsed again as HTML.
    script.textContent = jsonForScript(item);
    document.head.append(script);
  }
}

function breadcrumbs(page) {
  const trail = page.json_ld.find((item) => item["@type"] === "BreadcrumbList");
  if (!trail) return null;
  const items = trail.itemListElement;
  return el(
    "nav",
    { class: "breadcrumbs", "aria-label": "Breadcrumb" },
    el(
      "ol",
      {},
      items.map((item, index) =>
        el("li", {}, index === items.length - 1 ? el("span", { "aria-current": "page" }, item.name) : link(item.item, item.name, { internal: true })),
      ),
    ),
  );
}

function image(data, size = "medium") {
  if (!data) return null;
  const rendition = data.renditions[size];
  return el("img", { src: rendition.url, width: rendition.width, height: rendition.height, alt: data.alt || "", loading: "lazy" });
}

function callToAction(cta) {
  if (!cta) return null;
  return el(
    "aside",
    { class: "cta", "data-testid": "cta" },
    el("h2", {}, cta.heading),
    cta.text ? el("p", {}, cta.text) : null,
    // The CMS leaves out addresses it will not let a reader follow.
    cta.url ? el("a", { class: "button", href: cta.url }, cta.button_label) : null,
    el(
      "p",
      { class: "cta__stores" },
      cta.app_store_url ? el("a", { href: cta.app_store_url }, "App Store") : null,
      cta.play_store_url ? el("a", { href: cta.play_store_url }, "Google Play") : null,
    ),
  );
}

function example(block) {
  const value = block.value;
  return el(
    "div",
    { class: "example" },
    value.image ? el("figure", {}, image(value.image)) : null,
    el("h3", {}, value.title),
    rich(value.body),
    value.link ? el("p", {}, link(value.link.url, value.link.label || "Read more")) : null,
  );
}

function bodyBlock(block) {
  const value = block.value;
  switch (block.type) {
    case "section":
      return el("section", { class: "section" }, el("h2", {}, value.heading), rich(value.text));
    case "faq":
      return el("details", { class: "faq", open: true }, el("summary", {}, value.question), rich(value.answer));
    case "quote":
      return el("blockquote", { class: "quote" }, el("p", {}, value.quote), value.attribution ? el("footer", {}, value.attribution) : null);
    case "image":
      return el("figure", { class: "figure" }, image(value.image, "large"), value.caption ? el("figcaption", {}, value.caption) : null);
    case "cta":
      return callToAction(value);
    default:
      return null;
  }
}

function termCard(term) {
  return el(
    "li",
    { class: "term-card" },
    link(term.url, term.title, { internal: true }),
    el("p", {}, term.short_definition),
  );
}

export function renderTerm(page) {
  const headings = page.headings;
  return el(
    "article",
    { class: "term" },
    breadcrumbs(page),
    el(
      "header",
      { class: "term__header" },
      page.category ? el("p", { class: "term__category" }, page.category.name) : null,
      el("h1", {}, page.title),
      el("p", { class: "term__lede", "data-testid": "short-definition" }, page.short_definition),
      page.aliases.length ? el("p", { class: "term__aliases" }, `Also called: ${page.aliases.join(", ")}`) : null,
    ),
    el("section", { class: "section", "data-testid": "definition" }, el("h2", {}, headings.definition), rich(page.definition)),
    page.why_it_matters
      ? el("section", { class: "section", "data-testid": "why-it-matters" }, el("h2", {}, headings.why_it_matters), rich(page.why_it_matters))
      : null,
    page.examples.length
      ? el("section", { class: "section", "data-testid": "examples" }, el("h2", {}, headings.examples), page.examples.map(example))
      : null,
    page.body.map(bodyBlock),
    page.tags.length ? el("ul", { class: "tags", "aria-label": "Tags" }, page.tags.map((tag) => el("li", {}, tag))) : null,
    callToAction(page.cta),
    page.related_terms.length
      ? el("section", { class: "related", "data-testid": "related-terms" }, el("h2", {}, "Related terms"), el("ul", { class: "term-cards" }, page.related_terms.map(termCard)))
      : null,
  );
}

export function renderGlossary(page, counts, current, terms) {
  const query = (letter) => `?letter=${encodeURIComponent(letter)}`;
  return el(
    "div",
    { class: "glossary" },
    breadcrumbs(page),
    el("h1", {}, page.title),
    page.intro ? rich(page.intro, "rich glossary__intro") : null,
    el(
      "nav",
      { class: "az", "aria-label": "Terms by letter" },
      counts.map(({ letter, count }) =>
        count
          ? el("a", { href: query(letter), "aria-current": letter === current ? "page" : null, title: `${count} terms` }, letter)
          : el("span", { class: "az__empty", "aria-disabled": "true" }, letter),
      ),
    ),
    current
      ? el("section", { class: "az-section", "data-testid": "letter-section" }, el("h2", {}, current), el("ul", { class: "term-cards" }, terms.map(termCard)))
      : el("p", {}, "No terms are published yet."),
  );
}

export function renderHome(page) {
  return el(
    "div",
    { class: "home" },
    el("h1", {}, page.title),
    page.intro ? rich(page.intro) : null,
    el("p", {}, el("a", { class: "button", href: "/glossary/" }, "Browse the glossary")),
  );
}

export function renderError(status, message) {
  const title = status === 404 ? "Page not found" : "Something went wrong";
  document.title = title;
  return el("div", { class: "error" }, el("h1", {}, title), el("p", {}, message));
}
