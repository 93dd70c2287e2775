"""Request parameters and response shapes of the delivery API (the OpenAPI document)."""

from enum import StrEnum
from typing import Any

from ninja import Field, Schema
from pydantic import ConfigDict

from search.query import MAX_QUERY_LENGTH

NO_NUL = r"^[^\x00]*$"
SLUG = r"^[\w-]{1,100}$"
MAX_OFFSET = 100_000


class Message(Schema):
    message: str


class ValidationMessage(Schema):
    message: str
    errors: list[dict[str, Any]]


class Order(StrEnum):
    title = "title"
    title_desc = "-title"
    published = "last_published_at"
    published_desc = "-last_published_at"


class PaginationParams(Schema):
    """Limit and offset: the parameters every paginated listing takes."""

    limit: int = Field(20, ge=1, le=100, description="Items per page, 1–100.")
    offset: int = Field(0, ge=0, le=MAX_OFFSET, description="Items to skip.")


class TermFilters(PaginationParams):
    letter: str | None = Field(
        None, pattern=r"^[A-Za-z#]$", description="A–Z, or # for digits and symbols."
    )
    category: str | None = Field(None, pattern=SLUG, description="A category slug.")
    tag: str | None = Field(None, pattern=SLUG, description="A tag slug.")
    q: str | None = Field(
        None,
        min_length=1,
        max_length=MAX_QUERY_LENGTH,
        pattern=NO_NUL,
        description="Only terms matching these words, best match first.",
    )
    order: Order | None = Field(
        None, description="Default: title, or relevance when q is given."
    )


class SearchParams(PaginationParams):
    q: str = Field(..., min_length=1, max_length=MAX_QUERY_LENGTH, pattern=NO_NUL)


class AutocompleteParams(Schema):
    q: str = Field(..., min_length=1, max_length=100, pattern=NO_NUL)


class CategoryRef(Schema):
    name: str
    slug: str


class TermSummary(Schema):
    id: int
    title: str
    slug: str
    url: str
    short_definition: str
    letter: str
    category: CategoryRef | None
    tags: list[str]


class TermList(Schema):
    count: int
    limit: int
    offset: int
    items: list[TermSummary]


class Highlight(Schema):
    title: str = Field(..., description="HTML: the title with matches in <mark>.")
    snippet: str = Field(..., description="HTML: an extract with matches in <mark>.")


class SearchHit(TermSummary):
    score: float
    matched_name: str | None = Field(
        ..., description="The other name that matched, when it was not the title."
    )
    highlight: Highlight


class SearchResults(Schema):
    query: str
    count: int
    limit: int
    offset: int
    items: list[SearchHit]


class Suggestion(Schema):
    title: str
    slug: str
    url: str
    suggestion: str = Field(..., description="The title or other name that matched.")
    is_other_name: bool


class Suggestions(Schema):
    query: str
    items: list[Suggestion]


class LetterCount(Schema):
    letter: str = Field(..., description="A–Z, or # for digits and symbols.")
    count: int = Field(..., description="Published terms under the letter.")
    url: str | None = Field(
        ...,
        description="The letter's page on the frontend: <glossary>/letter/<code>/, "
        "the code being the letter in lower case or 0-9 for #. Only letters "
        "with terms are in the sitemap; null when the site has no public "
        "glossary page.",
    )


class Letters(Schema):
    total: int
    items: list[LetterCount]


class CategoryCount(Schema):
    name: str
    slug: str
    description: str
    count: int


class Categories(Schema):
    items: list[CategoryCount]


class TagCount(Schema):
    name: str
    slug: str
    count: int


class Tags(Schema):
    items: list[TagCount]


class Moved(Schema):
    message: str
    slug: str
    location: str


class SEO(Schema):
    """What a page's <head> needs; every page type of /api/v2/pages/ has it too."""

    title: str = Field(
        ...,
        description="For <title>: the SEO title (or the title) followed by the "
        "site's title suffix, e.g. “Micro-influencer — Creator Glossary”.",
    )
    social_title: str = Field(
        ...,
        description="For og:title and twitter:title: the same title without "
        "the suffix.",
    )
    description: str = Field(
        ...,
        description="Meta description: the one written, or the short definition "
        "cut after a whole word to 160 characters, ending in “…”.",
    )
    canonical_url: str = Field(
        ..., description="Absolute and percent-encoded; never carries a query."
    )
    image: str | None = Field(
        ...,
        description="1200×630 crop of the page's social image, else the site's "
        "default; absolute URL on the CMS.",
    )
    site_name: str | None = Field(..., description="For og:site_name.")
    robots: str = Field(..., description="“index, follow” or “noindex, follow”.")


class TermDetail(Schema):
    """The same fields as GET /api/v2/pages/<id>/ for a term."""

    model_config = ConfigDict(extra="allow")

    id: int
    meta: dict[str, Any]
    title: str
    short_definition: str
    letter: str
    headings: dict[str, str]
    definition: str
    why_it_matters: str
    examples: list[dict[str, Any]]
    body: list[dict[str, Any]]
    aliases: list[str]
    category: dict[str, Any] | None
    tags: list[str]
    related_terms: list[dict[str, Any]]
    cta: dict[str, Any] | None
    seo: SEO
    json_ld: list[dict[str, Any]]
