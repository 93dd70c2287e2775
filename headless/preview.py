"""Draft previews on the headless frontend, with tokens that expire and name one page.

wagtail-headless-preview stores each preview as a ``PagePreview`` row and hands
the frontend a signed token. Its own tokens never expire and an invalid one
raises a 500; here a token lives for ``PREVIEW_TOKEN_MAX_AGE`` seconds, is
signed with a salt of our own, and resolves only to the page it was made for.
"""

import re

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from wagtail.models import Page
from wagtail_headless_preview.models import (
    HeadlessMixin,
    PagePreview,
    get_client_root_url_from_site,
)

SALT = "headless.preview.token"
# "<identifier>:<timestamp>:<signature>", as django.core.signing writes it.
TOKEN_SHAPE = re.compile(r"^[^:\x00]{1,200}:[0-9A-Za-z]{1,12}:[\w-]{20,100}$")
CONTENT_TYPE_SHAPE = re.compile(r"^[a-z_][a-z0-9_]*\.[a-z_][a-z0-9_]*$")


class PreviewError(Exception):
    """Why a preview request cannot be answered, as an HTTP status and a message."""

    def __init__(self, status, message):
        super().__init__(message)
        self.status = status
        self.message = message


def preview_signer():
    return signing.TimestampSigner(salt=SALT)


def token_age_limit():
    return settings.PREVIEW_TOKEN_MAX_AGE


class PreviewMixin(HeadlessMixin):
    """The package's preview and serve-redirect, with expiring one-page tokens."""

    @classmethod
    def get_preview_signer(cls):
        return preview_signer()

    def get_client_root_url(self, request):
        # The admin previews with a stand-in request whose host is the frontend's,
        # so the page's own site decides which frontend opens the draft.
        if self.pk:
            site = self.get_site()
        else:  # not created yet: the site of the page it is being added under
            parent = self.get_parent() if self.path else None
            site = parent.get_site() if parent else None
        if site is None:
            return super().get_client_root_url(request)
        return get_client_root_url_from_site(site)

    def serve_preview(self, request, preview_mode):
        delete_expired_previews()
        return super().serve_preview(request, preview_mode)


def delete_expired_previews():
    """Delete preview rows whose token expired or was never ours; return how many."""
    signer = preview_signer()
    stale = []
    for pk, token in PagePreview.objects.values_list("pk", "token").iterator():
        try:
            signer.unsign(token, max_age=token_age_limit())
        except signing.BadSignature:
            stale.append(pk)
    if stale:
        PagePreview.objects.filter(pk__in=stale).delete()
    return len(stale)


def _page_model(content_type):
    if not content_type:
        raise PreviewError(400, "content_type and token are both required")
    if not CONTENT_TYPE_SHAPE.match(content_type):
        raise PreviewError(
            400,
            "content_type must look like 'app_label.model', "
            "e.g. 'glossary.glossarytermpage'",
        )
    app_label, model_name = content_type.split(".")
    try:
        model = apps.get_model(app_label, model_name)
    except LookupError:
        model = None
    if not (model and issubclass(model, Page) and issubclass(model, PreviewMixin)):
        raise PreviewError(404, f"no previewable page type called {content_type!r}")
    return model


def _identifier_matches(identifier, page):
    """The token's signed identifier names exactly the page stored under it."""
    fields = dict(part.partition("=")[::2] for part in identifier.split(";"))
    if "id" in fields:
        return page.pk is not None and str(page.pk) == fields["id"]
    return page.pk is None and fields.get("page_type") == page._meta.label


def page_for_preview(content_type, token):
    """The draft a preview token was issued for, or a PreviewError saying why not."""
    model = _page_model(content_type)
    if not token:
        raise PreviewError(400, "content_type and token are both required")
    if not TOKEN_SHAPE.match(token):
        raise PreviewError(400, "the preview token is malformed")
    try:
        identifier = preview_signer().unsign(token, max_age=token_age_limit())
    except signing.SignatureExpired:
        PagePreview.objects.filter(token=token).delete()
        raise PreviewError(
            410, "this preview link has expired; click Preview in the admin again"
        ) from None
    except signing.BadSignature:
        raise PreviewError(403, "the preview token is not valid") from None
    preview = PagePreview.objects.filter(
        token=token, content_type=ContentType.objects.get_for_model(model)
    ).first()
    if preview is None:
        raise PreviewError(404, "no preview exists for this token and content type")
    page = preview.as_page()
    if type(page) is not model or not _identifier_matches(identifier, page):
        raise PreviewError(403, "the preview token does not belong to this page")
    return page
