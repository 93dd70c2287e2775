"""Glossary-native reads for the frontend at /api/glossary/ (OpenAPI: openapi.json)."""

from django.urls import reverse
from ninja import NinjaAPI, Query
from ninja.errors import HttpError, ValidationError

from search import demand
from search import terms as term_search
from search.highlight import highlight, snippet

from . import documents, queries, schemas
from .cache import cached_json, remembered

api = NinjaAPI(
    title="Creator Glossary delivery API",
    version="1.0",
    description=(
        "Read-only, cacheable glossary data for the public site: A–Z listings, "
        "letters, categories, tags, typo-tolerant search and autocomplete. Only "
        "live, public terms of the requesting site are ever returned. Every "
        "successful response has an ETag and Last-Modified; send them back as "
        "If-None-Match / If-Modified-Since for a 304."
    ),
    urls_namespace="glossary_api",
    openapi_url="/openapi.json",
    docs_url="/docs/",
)

ERRORS = {400: schemas.Message, 422: schemas.ValidationMessage}


class BadRequest(Exception):
    pass


@api.exception_handler(ValidationError)
def invalid_parameters(request, exc):
    problems = [
        {
            "parameter": ".".join(str(p) for p in error.get("loc", [])[1:]),
            "error": error.get("msg", ""),
        }
        for error in exc.errors
    ]
    message = "; ".join(f"{p['parameter']}: {p['error']}" for p in problems)
    return api.create_response(
        request,
        {"message": message or "invalid parameters", "errors": problems},
        status=422,
    )


@api.exception_handler(BadRequest)
def bad_request(request, exc):
    return api.create_response(request, {"message": str(exc)}, status=400)


@api.exception_handler(HttpError)
def http_error(request, exc):
    return api.create_response(request, {"message": str(exc)}, status=exc.status_code)


def refuse_unknown_parameters(request, *schema_classes):
    """Answer 400 to parameters these schemas lack, repeats, and NUL bytes."""
    allowed = {name for cls in schema_classes for name in cls.model_fields}
    for name, values in request.GET.lists():
        if "\x00" in name or any("\x00" in value for value in values):
            raise BadRequest(f"query parameter {name!r} contains a NUL character")
        if name not in allowed:
            known = ", ".join(sorted(allowed)) or "none"
            raise BadRequest(
                f"unknown query parameter {name!r}; this endpoint takes: {known}"
            )
        if len(values) > 1:
            raise BadRequest(f"query parameter {name!r} is given more than once")


ORDERING = {
    schemas.Order.title: ("title",),
    schemas.Order.title_desc: ("-title",),
    schemas.Order.published: ("last_published_at", "title"),
    schemas.Order.published_desc: ("-last_published_at", "title"),
}


@api.get(
    "/terms/",
    response={200: schemas.TermList, **ERRORS},
    summary="List terms",
    url_name="list_terms",
)
def list_terms(request, params: Query[schemas.TermFilters]):
    """Compact terms, A–Z by default; filter by letter, category, tag or words."""
    refuse_unknown_parameters(request, schemas.TermFilters)

    def build():
        root = queries.site_root(request)
        terms = queries.filter_terms(
            queries.public_terms(root), params.letter, params.category, params.tag
        )
        window = slice(params.offset, params.offset + params.limit)
        if params.q and params.order is None:
            hits = term_search.search(terms, params.q)
            ids, count = [hit.term_id for hit in hits[window]], len(hits)
        else:
            if params.q:
                hits = term_search.search(terms, params.q)
                terms = terms.filter(pk__in=[hit.term_id for hit in hits])
            ordered = terms.order_by(*ORDERING[params.order or schemas.Order.title])
            # Sort narrow rows; only the page's items are loaded in full.
            ids = list(ordered.values_list("pk", flat=True)[window])
            if params.q:
                count = terms.count()
            else:
                # Every window of a listing has the same count.
                site = root.page.pk if root is not None else None
                filters = (site, params.letter, params.category, params.tag)
                count = remembered(request, f"count:{filters}", terms.count)
        items = queries.summaries(terms, ids, root)
        return 200, {
            "count": count,
            "limit": params.limit,
            "offset": params.offset,
            "items": items,
        }

    return cached_json(request, build, free_text=bool(params.q))


@api.get(
    "/terms/{slug}/",
    response={
        200: schemas.TermDetail,
        301: schemas.Moved,
        404: schemas.Message,
        **ERRORS,
    },
    summary="One term",
    url_name="get_term",
)
def get_term(request, slug: str):
    """The whole term, with the same fields as /api/v2/pages/<id>/.

    An other name or an old slug answers 301 with the current address in
    Location (and in the body), so the frontend can redirect readers too.
    """
    refuse_unknown_parameters(request)
    if "\x00" in slug or len(slug) > 255:
        raise BadRequest("slug is not valid")

    def build():
        root = queries.site_root(request)
        stored = documents.detail_by_slug(root, slug) if root is not None else None
        if stored is not None:
            return 200, stored
        terms = queries.public_terms(root)
        term_id = terms.filter(slug=slug).values_list("pk", flat=True).first()
        if term_id is not None:
            return 200, queries.term_detail(request, term_id, root)
        moved = queries.moved_term(terms, slug)
        if moved is None:
            return 404, {"message": f"no published term has the slug {slug!r}"}
        location = reverse("glossary_api:get_term", kwargs={"slug": moved.slug})
        return (
            301,
            {
                "message": "this term has moved",
                "slug": moved.slug,
                "location": location,
            },
            {"Location": location},
        )

    return cached_json(request, build)


@api.get(
    "/letters/",
    response={200: schemas.Letters, **ERRORS},
    summary="A–Z counts",
    url_name="letters",
)
def letters(request):
    """Every letter A–Z and # with how many terms it holds, zeros included, and
    the address of its page on the frontend (`/glossary/letter/b/`, and
    `/glossary/letter/0-9/` for #)."""
    refuse_unknown_parameters(request)

    def build():
        root = queries.site_root(request)
        counts = queries.letter_counts(
            queries.public_terms(root), queries.glossary_url(root)
        )
        return 200, {"total": sum(row["count"] for row in counts), "items": counts}

    return cached_json(request, build)


def answer_with_counts(request, counts):
    """Answer with {"items": counts(public terms)}, from the cache when it can."""
    refuse_unknown_parameters(request)

    def build():
        terms = queries.public_terms(queries.site_root(request))
        return 200, {"items": counts(terms)}

    return cached_json(request, build)


@api.get(
    "/categories/",
    response={200: schemas.Categories, **ERRORS},
    summary="Categories",
    url_name="categories",
)
def categories(request):
    """Every category with its number of published terms."""
    return answer_with_counts(request, queries.category_counts)


@api.get(
    "/tags/",
    response={200: schemas.Tags, **ERRORS},
    summary="Tags",
    url_name="tags",
)
def tags(request):
    """Tags in use on published terms, most used first."""
    return answer_with_counts(request, queries.tag_counts)


@api.get(
    "/search/",
    response={200: schemas.SearchResults, **ERRORS},
    summary="Search",
    url_name="search",
)
def search(request, params: Query[schemas.SearchParams]):
    """Ranked, typo-tolerant search over titles, other names and every section."""
    refuse_unknown_parameters(request, schemas.SearchParams)

    def build():
        root = queries.site_root(request)
        terms = queries.public_terms(root)
        found = term_search.search_hits(terms, params.q)
        hits = found.hits
        window = hits[params.offset : params.offset + params.limit]
        sections = {}
        ids = [hit.term_id for hit in window]
        items = queries.summaries(terms, ids, root, why_it_matters=sections)
        hits_by_id = {hit.term_id: hit for hit in window}
        for item in items:
            hit = hits_by_id[item["id"]]
            why = sections[item["id"]]
            item["score"] = round(hit.score, 4)
            item["matched_name"] = hit.matched_name
            item["highlight"] = {
                "title": highlight(item["title"], params.q),
                "snippet": snippet([item["short_definition"], why], params.q),
            }
        # A reader's question counts once: later pages of it are not asked again.
        asked = demand.searched(params.q, found) if params.offset == 0 else None
        data = {
            "query": params.q,
            "count": len(hits),
            "limit": params.limit,
            "offset": params.offset,
            "items": items,
        }
        return 200, data, {}, asked

    return cached_json(request, build, free_text=True)


@api.get(
    "/autocomplete/",
    response={200: schemas.Suggestions, **ERRORS},
    summary="Autocomplete",
    url_name="autocomplete",
)
def autocomplete(request, params: Query[schemas.AutocompleteParams]):
    """Up to 10 terms for what a reader has typed so far; other names included."""
    refuse_unknown_parameters(request, schemas.AutocompleteParams)

    def build():
        root = queries.site_root(request)
        terms = queries.public_terms(root)
        suggestions = term_search.autocomplete(
            terms, params.q, fields=("title", "slug", "url_path")
        )
        items = [
            {
                "title": suggestion.term["title"],
                "slug": suggestion.term["slug"],
                "url": root.url(suggestion.term["url_path"]),
                "suggestion": suggestion.name,
                "is_other_name": suggestion.is_other_name,
            }
            for suggestion in suggestions
        ]
        asked = demand.suggested(params.q, suggestions)
        return 200, {"query": params.q, "items": items}, {}, asked

    return cached_json(request, build, free_text=True)
