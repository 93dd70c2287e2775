"""Keep cached API responses and any CDN in step with what is published.

Any change that can alter a public response starts a new content version
(:func:`cache.content_changed`): every cached listing, letter count, category
and tag count, search, autocomplete and term — including terms that link to
the changed one — is replaced at once.

When a CDN or caching proxy is configured (``WAGTAILFRONTENDCACHE``), the
addresses a change affects are purged too. Wagtail's own purge covers only
the changed page's URL; here it also covers the glossary listings and the API
and frontend addresses of every term linking to it. Search and autocomplete
URLs carry free-form queries and cannot be listed, so they are sent with a
short shared max-age instead (README, "Caching").
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_delete
from django.urls import reverse
from taggit.models import Tag
from wagtail.contrib.frontend_cache.utils import PurgeBatch
from wagtail.contrib.redirects.models import Redirect
from wagtail.images import get_image_model
from wagtail.models import Page, PageViewRestriction, ReferenceIndex, Site
from wagtail.signals import (
    page_published,
    page_slug_changed,
    page_unpublished,
    post_page_move,
)

from headless.cache import cache_reconnected

from ..models import CallToAction, GlossaryCategory, GlossarySettings, GlossaryTermPage
from ..signals import terms_imported
from .cache import content_changed

LISTINGS = ("list_terms", "letters", "categories", "tags")


def linking_terms(pages):
    """Live terms whose content (rich text, related terms, blocks) points at pages."""
    ids = set()
    for page in pages:
        references = ReferenceIndex.get_references_to(page).filter(
            base_content_type=ContentType.objects.get_for_model(Page)
        )
        ids |= {
            int(pk)
            for pk in references.values_list("object_id", flat=True)
            if pk.isdigit()
        }
    ids -= {page.pk for page in pages}
    return list(GlossaryTermPage.objects.live().filter(pk__in=ids))


def affected_urls(pages, old_slugs=()):
    """Every public address whose content changes when these pages do.

    ``old_slugs`` are slugs the first page had before a change of slug.
    """
    cms = settings.WAGTAILADMIN_BASE_URL
    urls = {cms + reverse(f"glossary_api:{name}") for name in LISTINGS}
    changed = [page for page in pages if isinstance(page, GlossaryTermPage)]
    first = pages[0] if pages else None
    for term in changed + linking_terms(changed):
        slugs = {term.slug, *old_slugs} if term is first else {term.slug}
        for slug in slugs:
            urls.add(cms + reverse("glossary_api:get_term", kwargs={"slug": slug}))
        urls.add(f"{cms}/api/v2/pages/{term.pk}/")
        # Wagtail purges a published page's own URL itself; not a batch's.
        if term is not first or len(pages) > 1:
            url = term.get_full_url()
            if url:
                urls.add(url)
    return sorted(urls)


def purge(pages, old_slugs=()):
    if not getattr(settings, "WAGTAILFRONTENDCACHE", None):
        return
    batch = PurgeBatch()
    batch.add_urls(affected_urls(pages, old_slugs))
    batch.purge()


def _changed_after_commit():
    content_changed()
    # And again once the transaction lands, so a request that read the old
    # rows meanwhile cannot leave its answer cached under the new version.
    transaction.on_commit(content_changed)


def on_page_change(sender, instance, **kwargs):
    _changed_after_commit()
    page = instance.specific_deferred if type(instance) is Page else instance
    transaction.on_commit(lambda: purge([page]))


def on_slug_change(sender, instance, instance_before, **kwargs):
    _changed_after_commit()
    transaction.on_commit(lambda: purge([instance], old_slugs=[instance_before.slug]))


def on_terms_imported(sender, pages, **kwargs):
    """A whole import is one change: one new version, one purge."""
    _changed_after_commit()
    transaction.on_commit(lambda: purge(pages))


def on_content_change(sender, created=False, **kwargs):
    if created and sender is GlossarySettings:
        return  # made on first read, with nothing chosen yet: nothing changed
    _changed_after_commit()


def on_page_saved(sender, instance, created=False, **kwargs):
    # Copy → Alias makes a live copy of a page without publishing anything.
    if created and isinstance(instance, Page) and instance.alias_of_id:
        on_page_change(sender, instance)


# Saves that change nothing a reader sees: signing in stamps last_login.
_UNSEEN_USER_FIELDS = frozenset({"last_login", "password"})


def _reviews_terms(user):
    """A reviewer's name is shown on their terms; other users are not public."""
    return GlossaryTermPage.objects.filter(reviewed_by=user.pk).exists()


def on_user_saved(sender, instance, update_fields=None, **kwargs):
    if update_fields and set(update_fields) <= _UNSEEN_USER_FIELDS:
        return
    if _reviews_terms(instance):
        _changed_after_commit()


def on_user_deleted(sender, instance, **kwargs):
    # Terms lose their reviewer through SET NULL, which sends no signal of its own.
    if _reviews_terms(instance):
        _changed_after_commit()


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
    Site,
    Redirect,  # old slugs answer 301s
    Tag,
)


def connect():
    """Everything that starts a new content version, in one place.

    Pages: publish, unpublish (and delete), move, slug change, alias created,
    and a whole import at once.
    Rows: each model in ``SHOWN_IN_ANSWERS`` and images, saved or deleted.
    People: a reviewer renamed or deleted. And Redis coming back after this
    process lost it, since changes may have been missed meanwhile.
    """
    post_save.connect(on_page_saved, dispatch_uid="glossary-api-alias")
    user_model = get_user_model()
    post_save.connect(
        on_user_saved, sender=user_model, dispatch_uid="glossary-api-user"
    )
    pre_delete.connect(
        on_user_deleted, sender=user_model, dispatch_uid="glossary-api-user-deleted"
    )
    cache_reconnected.connect(on_cache_reconnected, dispatch_uid="glossary-api-redis")
    page_published.connect(on_page_change, dispatch_uid="glossary-api-published")
    page_unpublished.connect(on_page_change, dispatch_uid="glossary-api-unpublished")
    post_page_move.connect(on_page_change, dispatch_uid="glossary-api-moved")
    page_slug_changed.connect(on_slug_change, dispatch_uid="glossary-api-slug")
    terms_imported.connect(on_terms_imported, dispatch_uid="glossary-api-import")
    for model in (*SHOWN_IN_ANSWERS, get_image_model()):
        for signal in (post_save, post_delete):
            signal.connect(
                on_content_change,
                sender=model,
                dispatch_uid=f"glossary-api-{signal is post_save}-{model._meta.label}",
            )
