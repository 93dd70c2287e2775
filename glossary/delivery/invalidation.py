"""Keep cached API answers, CDNs and frontends in step with what is published.

Each change renews the cache versions of exactly what it reaches
(:class:`changes.Change`): a term's publish, unpublish, delete or slug change
renews that term's answers, those of the terms linking to it, and the
listings; a change to any other page or to something shown site-wide (sites,
settings, categories, calls to action, images, view restrictions, reviewers)
renews everything.

Once the change is committed, the same description is purged from the CDN or
caching proxy when one is configured (``WAGTAILFRONTENDCACHE``) and sent to
the publish webhooks as their payload's ``changed``.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_delete
from django_tasks import task
from taggit.models import Tag
from wagtail.contrib.redirects.models import Redirect
from wagtail.images import get_image_model
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.search import index
from wagtail.signals import (
    page_published,
    page_slug_changed,
    page_unpublished,
    post_page_move,
)

import webhooks
from headless import edge
from headless.cache import cache_reconnected
from seo.models import SEOSettings

from ..models import CallToAction, GlossaryCategory, GlossarySettings, GlossaryTermPage
from ..signals import terms_imported
from . import documents
from .cache import content_changed, terms_changed
from .changes import DETAILED_IMPORT_LIMIT, Change, previous_live

# What a change to everything bans at a proxy: every API answer, the sitemap.
EVERYTHING = ("/api/", "/sitemap.xml")


def renew(change):
    """Renew the cache versions the change reaches, now and once it commits.

    Twice, so that a request that read the old rows meanwhile cannot keep its
    answer under the new version. On commit the linking terms are looked up
    again: a term that began linking here in a transaction committed
    meanwhile is renewed too.
    """
    documents.changed(change)
    if change.everything:
        content_changed()
        transaction.on_commit(content_changed)
        return
    slugs = change.slugs()
    terms_changed(slugs)

    def after_commit():
        terms_changed(slugs | change.fresh().slugs())

    transaction.on_commit(after_commit)


def purge(change):
    """Purge the CDN or caching proxy of every address the change reaches.

    A change to everything bans every API answer and the sitemap at proxies
    that can ban a path (``headless.edge.ProxyBackend``); at the others its
    listings are purged and term answers expire by ``s-maxage``.
    """
    if not getattr(settings, "WAGTAILFRONTENDCACHE", None):
        return
    cms = settings.WAGTAILADMIN_BASE_URL
    urls = [cms + path for path in change.api_paths if "?" not in path]
    bans = [cms + prefix for prefix in EVERYTHING] if change.everything else []
    edge.purge([*urls, *change.frontend_urls], bans=bans)


def announce(event, change, about_page=True, **extra):
    """Purge, then tell the webhooks, once the change is committed.

    The payload names the change's first page when ``about_page``, then
    everything it changed, then ``extra``; it is worked out now, while deleted
    pages and their view restrictions can still be read, and only when an
    endpoint listens for ``event``; the purge reuses it. A page the public
    cannot see is announced to nobody: its change alters no public answer.
    """
    data = None
    hidden = about_page and change.first.pk in change.hidden
    if not hidden and webhooks.subscribers(event):
        page = {"page": change.page_data()} if about_page else {}
        data = {**page, "changed": change.changed_data(), **extra}

    def after_commit():
        purge(change)
        if data is not None:
            webhooks.dispatch(event, data)

    # Robust: the change is committed; a purge or a webhook row that fails
    # now is logged, and must not turn the editor's save into an error page.
    transaction.on_commit(after_commit, robust=True)


def _is_term(page):
    return isinstance(page, GlossaryTermPage)


# Ahead of the webhook deliveries and purges queued by the same publish
# (priority 0), so that a frontend told of the change searches the new index.
INDEX_PRIORITY = 10


@task(priority=INDEX_PRIORITY)
def index_terms(term_ids):
    """Bring these terms' search index entries up to date, then renew every search.

    Queued by a term's publish, in its transaction: the worker takes it up
    once the publish commits, and the editor does not wait for it. Until
    then searches find the term as it was; the searches, autocompletes and
    listings answered meanwhile are renewed here, and purged from the CDN or
    caching proxy, so none of them outlives the new index entry.
    """
    for page in GlossaryTermPage.objects.filter(pk__in=term_ids):
        index.insert_or_update_object(page)
    change = Change()  # the listings, no term's own answer
    renew(change)
    transaction.on_commit(lambda: purge(change), robust=True)


def on_page_published(sender, instance, revision=None, **kwargs):
    page = instance.specific_deferred if type(instance) is Page else instance
    before = None
    if _is_term(page):
        # The term's save has brought its reference index entries up to date
        # (GlossaryTermPage.save); the search index can wait for the worker.
        index_terms.enqueue([page.pk])
        before = previous_live(page, revision)
    old_slugs = [before.slug] if before is not None and before.slug != page.slug else []
    change = Change([page], old_slugs=old_slugs, before=before)
    renew(change)
    if page.live:  # not a first publish scheduled for later
        announce("page.published", change)


def on_page_unpublished(sender, instance, **kwargs):
    page = instance.specific_deferred if type(instance) is Page else instance
    change = Change([page])
    renew(change)
    # A page about to be deleted is unpublished without saving: its row is
    # still live. Every other unpublish has saved the row first.
    deleting = Page.objects.filter(pk=page.pk, live=True).exists()
    announce("page.deleted" if deleting else "page.unpublished", change)


def on_page_moved(sender, instance, **kwargs):
    """A move (or a reorder, or an alias made) renews everything.

    Tree paths of the page and its siblings change, and the site's view
    restrictions are remembered by path: nothing less is safe. Moves are rare.
    """
    everything_changed()


def on_slug_change(sender, instance, instance_before, **kwargs):
    if not instance.live:
        return  # a draft's address: nothing public had it
    change = Change([instance], old_slugs=[instance_before.slug])
    renew(change)
    announce("page.slug_changed", change)


def on_terms_imported(sender, pages, filename="", report=None, **kwargs):
    """A whole import is one change: one renewal, one purge, one webhook.

    Up to ``DETAILED_IMPORT_LIMIT`` terms it is described term by term;
    beyond that, as a change to everything.
    """
    count = pages.count()
    if count <= DETAILED_IMPORT_LIMIT:
        change = Change(list(pages.select_related("category")))
    else:
        change = Change(everything=True)
    renew(change)
    if report is not None and not report.publish:
        # Drafts: nothing public changed, and drafts are named to nobody.
        change = Change(nothing=True)
    details = {
        "filename": filename,
        "published": bool(report is not None and report.publish),
        "counts": report.counts() if report is not None else {},
        "terms": count,
    }
    announce("import.finished", change, about_page=False, **{"import": details})


def everything_changed():
    """Something shown site-wide changed: renew and purge every answer.

    Receivers hear of it too (``site.changed``, naming no page): a frontend
    that keeps pages must drop them all, or a page just made private, or
    moved, would stay on show there.
    """
    change = Change(everything=True)
    renew(change)
    announce("site.changed", change, about_page=False)


def on_content_change(sender, created=False, **kwargs):
    if created and sender in unseen_until_used():
        return  # nothing public points at a new one yet
    if created and sender is GlossaryCategory:
        change = Change()  # listed with no terms; no term shows it yet
        renew(change)
        transaction.on_commit(lambda: purge(change), robust=True)
        return
    everything_changed()


def unseen_until_used():
    """Rows no public answer shows until a page or setting points at them.

    Settings are made on first read, with nothing chosen yet; tags are made
    as a term is saved, which renews what the term reaches.
    """
    return (GlossarySettings, SEOSettings, CallToAction, Tag, get_image_model())


def on_redirect_change(sender, **kwargs):
    """Redirects are listed by the v2 API only: glossary answers never show them.

    An old slug's 301 is worked out afresh on each request (only 200s are
    kept), so a new redirect needs no renewal, only a purge of the listing.
    """
    if getattr(settings, "WAGTAILFRONTENDCACHE", None):
        url = settings.WAGTAILADMIN_BASE_URL + "/api/v2/redirects/"
        transaction.on_commit(lambda: edge.purge([url]), robust=True)


def on_page_saved(sender, instance, created=False, **kwargs):
    # Copy → Alias makes a live copy of a page without publishing anything.
    if created and isinstance(instance, Page) and instance.alias_of_id:
        on_page_moved(sender, instance)


# Saves that change nothing a reader sees: signing in stamps last_login.
_UNSEEN_USER_FIELDS = frozenset({"last_login", "password"})


def _reviews_terms(user):
    """A reviewer's name is shown on their terms; other users are not public."""
    return GlossaryTermPage.objects.filter(reviewed_by=user.pk).exists()


def on_user_saved(sender, instance, update_fields=None, **kwargs):
    if update_fields and set(update_fields) <= _UNSEEN_USER_FIELDS:
        return
    if _reviews_terms(instance):
        everything_changed()


def on_user_deleted(sender, instance, **kwargs):
    # Terms lose their reviewer through SET NULL, which sends no signal of its own.
    if _reviews_terms(instance):
        everything_changed()


def on_cache_reconnected(sender, **kwargs):
    """Redis is back after this process lost it: changes may have been missed.

    A change made meanwhile could not start a new version, and Redis may still
    hold answers and site paths from before it; both are dropped.
    """
    content_changed()
    Site.clear_site_root_paths_cache()


# Saved or deleted, each of these changes what some public answer shows.
SHOWN_IN_ANSWERS = (
    PageViewRestriction,  # which pages are public
    GlossaryCategory,
    CallToAction,
    GlossarySettings,  # the default call to action
    SEOSettings,  # every page's seo: title suffix, site name, default image
    Site,  # and its name, which seo.site_name falls back on
    Tag,
)


def connect():
    """Everything that starts a new content version, in one place.

    Pages: publish, unpublish (and delete), move, slug change, alias created,
    and a whole import at once — each renewing what it reaches.
    Rows: each model in ``SHOWN_IN_ANSWERS`` and images, saved or deleted,
    renewing everything (a few, when new, nothing or only the listings);
    redirects, which only the v2 redirect listing shows.
    People: a reviewer renamed or deleted. And Redis coming back after this
    process lost it, since changes may have been missed meanwhile.
    """
    documents.connect()
    post_save.connect(on_page_saved, dispatch_uid="glossary-api-alias")
    user_model = get_user_model()
    post_save.connect(
        on_user_saved, sender=user_model, dispatch_uid="glossary-api-user"
    )
    pre_delete.connect(
        on_user_deleted, sender=user_model, dispatch_uid="glossary-api-user-deleted"
    )
    cache_reconnected.connect(on_cache_reconnected, dispatch_uid="glossary-api-redis")
    page_published.connect(on_page_published, dispatch_uid="glossary-api-published")
    page_unpublished.connect(
        on_page_unpublished, dispatch_uid="glossary-api-unpublished"
    )
    post_page_move.connect(on_page_moved, dispatch_uid="glossary-api-moved")
    page_slug_changed.connect(on_slug_change, dispatch_uid="glossary-api-slug")
    terms_imported.connect(on_terms_imported, dispatch_uid="glossary-api-import")
    for signal in (post_save, post_delete):
        for model in (*SHOWN_IN_ANSWERS, get_image_model()):
            signal.connect(
                on_content_change,
                sender=model,
                dispatch_uid=f"glossary-api-{signal is post_save}-{model._meta.label}",
            )
        signal.connect(
            on_redirect_change,
            sender=Redirect,
            dispatch_uid=f"glossary-api-{signal is post_save}-redirect",
        )
