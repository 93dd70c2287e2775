// The parts of the CMS's answers the site reads. The glossary API's own
// shapes are generated from its OpenAPI document (lib/glossary-api.d.ts,
// `npm run types`); these name what that document leaves open.

import type { components } from "./glossary-api";

type Schemas = components["schemas"];

export type Letters = Schemas["Letters"];
export type TermList = Schemas["TermList"];
export type TermSummary = Schemas["TermSummary"];
export type SearchResults = Schemas["SearchResults"];
export type SearchHit = Schemas["SearchHit"];
export type Suggestions = Schemas["Suggestions"];
export type Moved = Schemas["Moved"];

/** What every page's `seo` field holds: everything <head> needs. */
export interface Seo {
  title: string;
  social_title?: string;
  description: string;
  canonical_url: string;
  image: string | null;
  robots: string;
  site_name?: string;
}

export type JsonLd = Record<string, unknown>;

export interface PageMeta {
  type: string;
  html_url: string | null;
  slug: string;
  first_published_at?: string | null;
  last_published_at?: string | null;
}

export interface Image {
  url: string;
  width: number;
  height: number;
  alt: string;
}

export interface Link {
  label: string;
  url: string;
}

export interface Example {
  title?: string | null;
  body: string;
  image: Image | null;
  link: Link | null;
}

export interface Cta {
  id?: number;
  heading: string;
  text: string;
  button_label: string;
  url: string;
  app_store_url?: string;
  play_store_url?: string;
}

export type BodyBlock =
  | { type: "section"; id: string; value: { heading: string; text: string } }
  | { type: "faq"; id: string; value: { question: string; answer: string } }
  | { type: "quote"; id: string; value: { quote: string; attribution: string } }
  | { type: "image"; id: string; value: { image: Image | null; caption: string } }
  | { type: "cta"; id: string; value: Cta | null };

export interface RelatedTerm {
  id: number;
  title: string;
  slug: string;
  url: string;
  short_definition: string;
}

export interface Term {
  id: number;
  meta: PageMeta;
  title: string;
  short_definition: string;
  letter: string;
  headings: { definition: string; why_it_matters: string; examples: string };
  definition: string;
  why_it_matters: string;
  examples: { type: "example"; id: string; value: Example }[];
  body: BodyBlock[];
  aliases: string[];
  category: { id: number; name: string; slug: string; description: string } | null;
  tags: string[];
  related_terms: RelatedTerm[];
  cta: Cta | null;
  reviewed_by: string | null;
  last_reviewed_at: string | null;
  seo: Seo;
  json_ld: JsonLd[];
}

/** The home page and the glossary index page, from the Wagtail API v2. */
export interface LandingPage {
  id: number;
  meta: PageMeta;
  title: string;
  intro: string;
  seo: Seo;
  json_ld: JsonLd[];
}
