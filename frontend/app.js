// The reference frontend: one page per CMS page, drafts in preview mode.
import { ApiError, draft, letters, pageAt, termsUnder } from "./api.js";
import { renderError, renderGlossary, renderHead, renderHome, renderTerm } from "./render.js";

const RENDERERS = {
  "home.HomePage": async (page) => renderHome(page),
  "glossary.GlossaryIndexPage": async (page) => {
    // One letter at a time (?letter=B), so a glossary of any size loads fast.
    const counts = (await letters()).items;
    const asked = new URLSearchParams(location.search).get("letter")?.toUpperCase();
    const letter =
      counts.find((item) => item.letter === asked && item.count)?.letter ??
      counts.find((item) => item.count)?.letter;
    return renderGlossary(page, counts, letter, letter ? await termsUnder(letter) : []);
  },
  "glossary.GlossaryTermPage": async (page) => renderTerm(page),
};

async function show() {
  const app = document.getElementById("app");
  const query = new URLSearchParams(location.search);
  const preview = query.has("token");
  document.getElementById("preview-banner").hidden = !preview;
  document.body.classList.toggle("is-preview", preview);
  try {
    const page = preview
      ? await draft(query.get("content_type") || "", query.get("token"))
      : await pageAt(location.pathname);
    const render = RENDERERS[page.meta.type];
    if (!render) throw new ApiError(404, `No template for ${page.meta.type}`);
    renderHead(page, { preview });
    app.replaceChildren(await render(page));
    if (location.hash) document.querySelector(location.hash)?.scrollIntoView();
  } catch (error) {
    const status = error instanceof ApiError ? error.status : 500;
    const message =
      status === 404 && !preview ? "There is no page at this address." : error.message;
    app.replaceChildren(renderError(status, message));
  }
  app.dataset.ready = "true";
}

show();
