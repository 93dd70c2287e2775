"""What the delivery API reads: only live, public terms of the request's site."""

from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Count, Q
from django.utils.text import slugify
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page, PageViewRestriction, Site

from headless.api import GlossaryPagesAPIViewSet
from headless.frontend import frontend_path_url

from ..letters import letter_url
from ..models import (
    GlossaryCategory,
    GlossaryIndexPage,
    GlossaryTermAlias,
    GlossaryTermPage,
    GlossaryTermTag,
)
from ..text import LETTERS
from .cache import content_version


@dataclass(frozen=True)
class SiteRoot:
    """The request's site: its root page and the sections hidden from the public."""

    page: Page
    url_path: str
    restricted_paths: tuple

    def hidden(self):
        """Pages under any view restriction (password, login or groups)."""
        condition = Q(pk__in=[])
        for path in self.restricted_paths:
            condition |= Q(path__startswith=path)
        return condition

    def url(self, url_path):
        """A page's frontend URL from its url_path, as page.full_url gives it."""
        return frontend_path_url(url_path[len(self.url_path) - 1 :])


def site_root(request):
    """The request's SiteRoot, or None when no site answers for its host.

    Remembered per host for the current content version (changes to sites and
    view restrictions start a new one), so it costs no query after the first.
    """
    answer = getattr(request, "glossary_cache", None)
    token = answer.global_token if answer else content_version()[0]
    key = f"glossary-api:site:{token}:{request.get_host()}"

    def look_up():
        site = Site.find_for_request(request)
        return _root_row(site.root_page_id) if site is not None else ()

    return _site_root(cache.get_or_set(key, look_up, timeout=3600))


def _root_row(root_page_id):
    page = Page.objects.values_list("pk", "path", "depth", "url_path")
    restricted = PageViewRestriction.objects.values_list("page__path", flat=True)
    return (*page.get(pk=root_page_id), tuple(restricted))


def _site_root(row):
    if not row:
        return None
    pk, path, depth, url_path, restricted = row
    return SiteRoot(Page(pk=pk, path=path, depth=depth), url_path, restricted)


def site_roots():
    """Every site's (Site, SiteRoot), the deepest root first, read afresh."""
    sites = sorted(
        Site.objects.select_related("root_page"),
        key=lambda site: -len(site.root_page.path),
    )
    return [(site, _site_root(_root_row(site.root_page_id))) for site in sites]


def public_pages(root):
    pages = Page.objects.live().descendant_of(root.page, inclusive=True)
    return pages.exclude(root.hidden())


def public_terms(root):
    if root is None:
        return GlossaryTermPage.objects.none()
    terms = GlossaryTermPage.objects.live().descendant_of(root.page)
    return terms.exclude(root.hidden())


# What a list item shows, plus the section search snippets are cut from.
SUMMARY_FIELDS = (
    "pk",
    "title",
    "slug",
    "url_path",
    "short_definition",
    "letter",
    "category__name",
    "category__slug",
    "why_it_matters",
)


def summaries(terms, ids, root, why_it_matters=None):
    """List items for these term ids, in that order, in two queries.

    Rows are read as plain values: building model instances for a page of
    items cost more than both queries together. Pass a dict as
    ``why_it_matters`` to have it filled with each term's section, for snippets.
    """
    rows = terms.filter(pk__in=ids).values_list(*SUMMARY_FIELDS)
    tags = {}
    for term_id, name in GlossaryTermTag.objects.filter(
        content_object_id__in=ids
    ).values_list("content_object_id", "tag__name"):
        tags.setdefault(term_id, []).append(name)
    found = {}
    for pk, title, slug, url_path, short, letter, cat_name, cat_slug, why in rows:
        found[pk] = {
            "id": pk,
            "title": title,
            "slug": slug,
            "url": root.url(url_path),
            "short_definition": short,
            "letter": letter,
            "category": {"name": cat_name, "slug": cat_slug} if cat_slug else None,
            "tags": sorted(tags.get(pk, []), key=str.lower),
        }
        if why_it_matters is not None:
            why_it_matters[pk] = why
    return [found[pk] for pk in ids if pk in found]


def filter_terms(terms, letter=None, category=None, tag=None):
    if letter:
        terms = terms.filter(letter=letter.upper())
    if category:
        terms = terms.filter(category__slug=category)
    if tag:
        terms = terms.filter(tagged_items__tag__slug=tag)
    return terms


def glossary_url(root):
    """The frontend URL of the site's glossary page, or None when it is not public."""
    if root is None:
        return None
    url_path = (
        public_pages(root)
        .type(GlossaryIndexPage)
        .order_by("path")
        .values_list("url_path", flat=True)
        .first()
    )
    return root.url(url_path) if url_path else None


def letter_counts(terms, glossary_url=None):
    """Every letter with its number of terms and its page on the frontend."""
    counts = dict(terms.order_by().values_list("letter").annotate(count=Count("pk")))
    return [
        {
            "letter": letter,
            "count": counts.get(letter, 0),
            "url": letter_url(glossary_url, letter) if glossary_url else None,
        }
        for letter in LETTERS
    ]


def category_counts(terms):
    categories = GlossaryCategory.objects.annotate(
        count=Count("terms", filter=Q(terms__in=terms.values("pk")))
    ).order_by("name")
    return [
        {
            "name": category.name,
            "slug": category.slug,
            "description": category.description,
            "count": category.count,
        }
        for category in categories
    ]


def tag_counts(terms):
    rows = (
        GlossaryTermTag.objects.filter(content_object__in=terms.values("pk"))
        .values("tag__name", "tag__slug")
        .annotate(count=Count("content_object", distinct=True))
        .order_by("-count", "tag__name")
    )
    return [
        {"name": row["tag__name"], "slug": row["tag__slug"], "count": row["count"]}
        for row in rows
    ]


def term_detail(request, term_id, root):
    """The term exactly as GET /api/v2/pages/<id>/ returns it."""
    visible = public_pages(root)
    term = GlossaryTermPage.prefetch_for_api(
        GlossaryTermPage.objects.filter(pk=term_id), visible
    ).get()
    return GlossaryPagesAPIViewSet.detail_for(request, term, visible)


def term_documents(request, terms, visible):
    """Terms loaded through ``prefetch_for_api``, each with every v2 field."""
    return GlossaryPagesAPIViewSet.documents_for(request, terms, visible)


def detail_from_document(document):
    """The v2 detail answer, cut from a term's stored document."""
    return GlossaryPagesAPIViewSet.detail_from_document(document)


def moved_term(terms, slug):
    """The term an other name or an old slug now stands for, or None."""
    alias = (
        GlossaryTermAlias.objects.filter(
            page__in=terms.values("pk"), slug=slugify(slug, allow_unicode=True)
        )
        .select_related("page")
        .first()
    )
    if alias is not None:
        return alias.page
    redirect = (
        Redirect.objects.filter(
            old_path__endswith=f"/{slug}",
            redirect_page__in=terms.values("pk"),
        )
        .order_by("-id")
        .first()
    )
    if redirect is not None:
        return terms.filter(pk=redirect.redirect_page_id).first()
    return None
