"""What files name by text, looked up once per import or export.

Files name categories by slug or name, calls to action by name, reviewers by
user name or email, other terms by slug and pages by site path. One
``Lookups`` loads each table once, so neither direction queries per term.

Terms that exist only in the file being imported are named by a token,
``@<slug>``, until they are written and have ids.
"""

from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from taggit.models import Tag
from wagtail.images import get_image_model
from wagtail.models import Page

from headless.prefetch import object_id

from ..models import CallToAction, GlossaryCategory, GlossaryTermPage

TOKEN = "@"
SAFE_SCHEMES = ("http", "https", "mailto", "tel")


def token_for(slug):
    return TOKEN + slug


def _by_name(pairs, fold=True):
    """Name → id (case-insensitive when ``fold``); a name two rows share → None."""
    found = {}
    for key, pk in pairs:
        key = (key or "").strip()
        key = key.casefold() if fold else key
        if key:
            found[key] = None if key in found and found[key] != pk else pk
    return found


class Lookups:
    """Names and ids of everything a term document can point at."""

    def __init__(self, index):
        self.index = index
        site = index.get_site()
        self.root_path = site.root_page.url_path if site else "/"
        # The glossary's own path on the site, e.g. "/glossary/".
        self.index_path = "/" + index.url_path[len(self.root_path) :]
        # Slugs of terms that exist only in the file being imported.
        self.file_slugs = set()

        self.term_slug = dict(
            GlossaryTermPage.objects.child_of(index).values_list("pk", "slug")
        )
        self.term_id = {slug: pk for pk, slug in self.term_slug.items()}
        # Other pages under the glossary hold their slugs too.
        self.other_page_slugs = set(
            Page.objects.child_of(index)
            .exclude(pk__in=self.term_slug)
            .values_list("slug", flat=True)
        )

        categories = list(GlossaryCategory.objects.values_list("pk", "slug", "name"))
        self.category_slug = {pk: slug for pk, slug, _ in categories}
        # Where a file's name for a category, call to action or user is
        # looked up: the exact slug or name first, any case last.
        # Each table is (name → id, whether names are compared in any case).
        self.category_ids = [
            ({slug: pk for pk, slug, _ in categories}, False),
            ({name: pk for pk, _, name in categories}, False),
            (_by_name([(name, pk) for pk, _, name in categories]), True),
        ]
        ctas = list(CallToAction.objects.values_list("pk", "name"))
        self.cta_name = dict(ctas)
        self.cta_ids = [
            ({name: pk for pk, name in ctas}, False),
            (_by_name([(name, pk) for pk, name in ctas]), True),
        ]

        users = list(
            get_user_model().objects.values_list(
                "pk", "username", "email", "first_name", "last_name"
            )
        )
        self.username = {pk: username for pk, username, *_ in users}
        self.user_ids = [
            ({username: pk for pk, username, *_ in users}, False),
            (_by_name([(email, pk) for pk, _, email, *_ in users]), True),
            (
                _by_name([(f"{first} {last}", pk) for pk, _, _, first, last in users]),
                True,
            ),
        ]
        self.image_ids = set(get_image_model().objects.values_list("pk", flat=True))
        self.tag_name = dict(Tag.objects.values_list("pk", "name"))
        self.tag_spelling = {name.casefold(): name for name in self.tag_name.values()}
        self._page_paths = {}
        self.own_hosts = {
            urlsplit(url).netloc
            for url in (settings.FRONTEND_URL, settings.WAGTAILADMIN_BASE_URL)
        }

    # Pages -----------------------------------------------------------------

    def term_path(self, slug):
        return f"{self.index_path}{slug}/"

    def term_ref(self, slug):
        """How stored content points at the term with this slug, or None."""
        if slug in self.file_slugs:
            return token_for(slug)
        return self.term_id.get(slug)

    def slug_for(self, ref):
        """The slug of a stored reference to a term (an id or a token)."""
        if isinstance(ref, str) and ref.startswith(TOKEN):
            return ref[len(TOKEN) :]
        try:
            return self.term_slug.get(int(ref))
        except (TypeError, ValueError):
            return None

    def paths_for(self, refs):
        """Site paths of stored page references; None where there is no page."""
        unknown = (
            {object_id(ref) for ref in refs if self.slug_for(ref) is None}
            - self._page_paths.keys()
            - {None}
        )
        if unknown:
            for pk, url_path in Page.objects.filter(pk__in=unknown).values_list(
                "pk", "url_path"
            ):
                self._page_paths[pk] = url_path
            self._page_paths.update(dict.fromkeys(unknown - self._page_paths.keys()))
        paths = []
        for ref in refs:
            slug = self.slug_for(ref)
            if slug is not None:
                paths.append(self.term_path(slug))
                continue
            url_path = self._page_paths.get(object_id(ref))
            paths.append(
                "/" + url_path[len(self.root_path) :]
                if url_path and url_path.startswith(self.root_path)
                else None
            )
        return paths

    def _page_at(self, path):
        if path.startswith(self.index_path):
            slug = path[len(self.index_path) :].strip("/")
            if slug and "/" not in slug:
                return self.term_ref(slug)
        url_path = self.root_path + path.lstrip("/")
        if not url_path.endswith("/"):
            url_path += "/"
        return (
            Page.objects.filter(url_path=url_path).values_list("pk", flat=True).first()
        )

    def link_target(self, href):
        """("page", ref), ("url", href) or (None, why the link cannot stay)."""
        parts = urlsplit(href)
        scheme = parts.scheme.lower()
        if (not scheme and not parts.netloc and href.startswith("/")) or (
            scheme in ("http", "https") and parts.netloc in self.own_hosts
        ):
            ref = self._page_at(unquote(parts.path))
            if ref is not None:
                return "page", ref
            return None, f"“{href[:80]}” is no page of this site"
        if scheme in SAFE_SCHEMES and (parts.netloc or scheme in ("mailto", "tel")):
            return "url", href
        return None, (
            f"the link to “{href[:80]}” is not allowed: links must be web "
            "addresses (https://…), email or phone links, or paths of this site"
        )
