"""What one change to published content reaches: terms, frontend URLs, API paths.

A term's change shows in its own answers (under its new and any old slug), in
every listing, count, search and autocomplete, and in the answers of the live
terms that link to it or list it as related — Wagtail's reference index knows
those. A change to any other page (the home page, the glossary itself) can
show anywhere, so it reaches everything.

The same description serves the response cache (which versions to renew), the
CDN purge (which URLs) and the publish webhooks (the payload's ``changed``).
"""

from dataclasses import dataclass
from functools import cached_property
from urllib.parse import urlencode

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from wagtail.models import Page, PageLogEntry, ReferenceIndex

from headless.frontend import encode_path, frontend_url

from ..letters import letter_url
from ..models import GlossaryCategory, GlossaryTermPage

# The glossary API's answers about more than one term, by URL name. A listing
# path stands for every query on it (filters, pages, search words).
LISTINGS = ("list_terms", "letters", "categories", "tags", "search", "autocomplete")
# Wagtail's own addresses that list pages.
SITE_LISTINGS = ("/api/v2/pages/", "/sitemap.xml")

# An import of more terms than this is described as "everything changed"
# rather than term by term.
DETAILED_IMPORT_LIMIT = 200


def linking_terms(pages):
    """Public terms whose content (rich text, related terms, blocks) points at pages.

    Terms under a view restriction are left out: no cached answer shows them.
    """
    if not pages:
        return []
    references = ReferenceIndex.get_references_to_in_bulk(pages).filter(
        base_content_type=ContentType.objects.get_for_model(Page)
    )
    ids = {
        int(pk) for pk in references.values_list("object_id", flat=True) if pk.isdigit()
    }
    ids -= {page.pk for page in pages}
    terms = GlossaryTermPage.objects.live().public().filter(pk__in=ids)
    return list(terms.order_by("pk"))


def term_path(slug):
    return reverse("glossary_api:get_term", kwargs={"slug": slug})


def page_type(page):
    return f"{page._meta.app_label}.{type(page).__name__}"


@dataclass(frozen=True)
class PublishedBefore:
    """What a change needs of a term as it was last published: where it was listed."""

    slug: str
    letter: str
    category_id: int | None

    @cached_property
    def category(self):
        return GlossaryCategory.objects.filter(pk=self.category_id).first()


def previous_live(page, revision=None):
    """The term as it was last published before ``revision``, or None.

    Read from the revision's stored content, without building the page: a
    publish waits for this.
    """
    content = (
        PageLogEntry.objects.filter(
            page=page, action="wagtail.publish", revision__isnull=False
        )
        .exclude(revision=revision)
        .order_by("-timestamp", "-pk")
        .values_list("revision__content", flat=True)
        .first()
    )
    if content is None:
        return None
    return PublishedBefore(
        slug=content.get("slug", ""),
        letter=content.get("letter", ""),
        category_id=content.get("category"),
    )


class Change:
    """One change: the pages it is about, and everything that shows them.

    ``old_slugs`` are slugs the first page had before this change;
    ``before`` is the first page as it was last published, when known, so
    that its old letter and category listings are named too. A change with
    ``everything`` set (a site-wide setting, a large import) reaches every
    answer.
    """

    def __init__(
        self, pages=(), old_slugs=(), before=None, everything=False, nothing=False
    ):
        self.pages = [
            page.specific_deferred if type(page) is Page else page for page in pages
        ]
        self.old_slugs = tuple(slug for slug in old_slugs if slug)
        self.before = before
        self.site_wide = everything
        # Nothing public changed (drafts written): no address to name.
        self.nothing = nothing

    def fresh(self):
        """The same change, with the linking terms to be looked up again."""
        return Change(self.pages, self.old_slugs, self.before, self.site_wide)

    @property
    def first(self):
        return self.pages[0] if self.pages else None

    @cached_property
    def terms(self):
        return [page for page in self.pages if isinstance(page, GlossaryTermPage)]

    @cached_property
    def public_terms(self):
        """The changed terms outside any view restriction: the ones to name."""
        return [term for term in self.terms if term.pk not in self.hidden]

    @cached_property
    def hidden(self):
        """Ids of the changed pages under a view restriction."""
        ids = {page.pk for page in self.pages}
        return ids - set(
            Page.objects.filter(pk__in=ids).public().values_list("pk", flat=True)
        )

    @property
    def everything(self):
        """True when the change can show anywhere, not only in certain terms."""
        return (
            self.site_wide
            or len(self.terms) < len(self.pages)
            or len(self.terms) > DETAILED_IMPORT_LIMIT
        )

    @cached_property
    def linking(self):
        return linking_terms(self.terms)

    def slugs(self, public=False):
        """Every term slug whose answer may show this change.

        With ``public``, only those that may be named outside the CMS: a term
        under a view restriction is left out, with its old slugs.
        """
        terms = self.public_terms if public else self.terms
        old = set(self.old_slugs)
        if public and self.first is not None and self.first.pk in self.hidden:
            old = set()
        return {term.slug for term in terms} | old | {t.slug for t in self.linking}

    def listing_paths(self):
        paths = {reverse(f"glossary_api:{name}") for name in LISTINGS}
        terms_path = reverse("glossary_api:list_terms")
        before = [self.before] if self.before and self.public_terms else []
        for term in [*self.public_terms, *before]:
            if term.letter:
                paths.add(f"{terms_path}?{urlencode({'letter': term.letter})}")
            if term.category_id:
                slug = term.category.slug if term.category else None
                if slug:
                    paths.add(f"{terms_path}?{urlencode({'category': slug})}")
        return paths | set(SITE_LISTINGS)

    @cached_property
    def api_paths(self):
        """The public API paths whose answers change, sorted.

        Listings are named without a query, plus the letter and category
        listings the changed terms are (or were) in.
        """
        if self.nothing:
            return []
        paths = self.listing_paths()
        if not self.everything:
            for slug in self.slugs(public=True):
                paths.add(term_path(slug))
            for term in [*self.public_terms, *self.linking]:
                paths.add(f"/api/v2/pages/{term.pk}/")
        return sorted(paths)

    @cached_property
    def frontend_urls(self):
        """The public pages that show this change, sorted."""
        if self.everything or self.nothing:
            return []
        urls = set()
        changed = {term.pk for term in self.public_terms}
        for term in [*self.public_terms, *self.linking]:
            url = frontend_url(term)
            if not url:
                continue
            urls.add(url)
            if term.pk in changed:
                # The glossary's own page and its letter page list the term;
                # old slugs were its addresses until now. URLs are
                # percent-encoded, slugs are not.
                parent = url.rstrip("/").rsplit("/", 1)[0] + "/"
                urls |= {parent, letter_url(parent, term.letter)}
                if term is self.first:
                    urls |= {f"{parent}{encode_path(slug)}/" for slug in self.old_slugs}
                    if self.before is not None and self.before.letter:
                        urls.add(letter_url(parent, self.before.letter))
        return sorted(urls)

    def page_data(self):
        page = self.first
        if page is None:
            return None
        url = frontend_url(page)
        return {
            "id": page.pk,
            "type": page_type(page),
            "title": page.title,
            "slug": page.slug,
            "old_slug": self.old_slugs[0] if self.old_slugs else None,
            "url": url,
            "api_path": term_path(page.slug)
            if isinstance(page, GlossaryTermPage)
            else f"/api/v2/pages/{page.pk}/",
        }

    def changed_data(self):
        return {
            "everything": self.everything,
            "urls": self.frontend_urls,
            "api_paths": self.api_paths,
        }
