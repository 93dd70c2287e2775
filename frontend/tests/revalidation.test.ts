import { describe, expect, it } from "vitest";
import { tagsFor, termSlugOf } from "../lib/revalidation";

describe("termSlugOf", () => {
  it("reads the slug of a term URL, decoded", () => {
    expect(termSlugOf("https://site.example/glossary/micro-influencer/")).toBe("micro-influencer");
    expect(termSlugOf("https://site.example/glossary/%C3%A9lite-creator-programme/")).toBe("élite-creator-programme");
  });

  it("ignores other pages, letter pages, bad encoding and non-strings", () => {
    for (const url of ["https://site.example/", "https://site.example/glossary/", "https://site.example/glossary/letter/b/", "https://site.example/glossary/%ZZ/", 42, null]) {
      expect(termSlugOf(url)).toBeNull();
    }
  });
});

describe("tagsFor", () => {
  it("expires the listings and every named term, by new and old slug", () => {
    const tags = tagsFor({
      event: "page.slug_changed",
      page: { url: "https://site.example/glossary/creator-fund/", slug: "creator-fund", old_slug: "creators-fund" },
      changed: { everything: false, urls: ["https://site.example/glossary/brand-deal/", "https://site.example/glossary/"] },
    });
    expect(tags.sort()).toEqual(["listings", "pages", "term:brand-deal", "term:creator-fund", "term:creators-fund"]);
  });

  it("expires everything when the CMS says everything changed", () => {
    expect(tagsFor({ changed: { everything: true, urls: [] } })).toEqual(["cms"]);
  });

  it("takes no slug from a page that is not a term", () => {
    expect(tagsFor({ page: { url: "https://site.example/", slug: "home" } }).sort()).toEqual(["listings", "pages"]);
  });

  it("survives a message of the wrong shape", () => {
    expect(tagsFor({ changed: { urls: "nope" }, page: null }).sort()).toEqual(["listings", "pages"]);
  });
});
