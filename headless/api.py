"""The Wagtail API v2 router: pages, images, documents and redirects."""

import copy
import hashlib
from functools import cached_property, lru_cache

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db.models import Q, QuerySet
from django.http import Http404, QueryDict
from django.urls import path
from rest_framework import serializers
from rest_framework.response import Response
from wagtail.api.v2.filters import SearchFilter
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.serializers import (
    DetailUrlField,
    PageAliasOfField,
    PageHtmlUrlField,
    PageParentField,
    PageSerializer,
)
from wagtail.api.v2.utils import BadRequestError, parse_fields_parameter
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.contrib.redirects.api.v2 import RedirectsAPIViewSet, RedirectSerializer
from wagtail.contrib.redirects.models import Redirect
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet
from wagtail.models import Page, Site

from search.query import clean_query

from . import documents as stored_documents
from .cache import mark_shared
from .errors import HostileInputMixin
from .frontend import encoded_url, frontend_url, requested_path
from .images import IMAGE_RENDITIONS
from .prefetch import prefetched_references
from .preview import PreviewError, page_for_preview
from .sanitize import safe_url


def with_query(request, **params):
    """A copy of the DRF ``request`` whose query has these parameters replaced.

    For stock code that reads its input from ``request.GET``.
    """
    query = request.GET.copy()
    for name, value in params.items():
        query[name] = value
    django_request = copy.copy(request._request)
    django_request.GET = query
    changed = copy.copy(request)
    changed._request = django_request
    return changed


class CleanSearchFilter(SearchFilter):
    """Stock ``?search=`` with reader input stripped of backend query syntax."""

    def filter_queryset(self, request, queryset, view):
        if "search" not in request.GET:
            return super().filter_queryset(request, queryset, view)
        cleaned = with_query(request, search=clean_query(request.GET["search"]))
        return super().filter_queryset(cleaned, queryset, view)


def with_clean_search(backends):
    """A viewset's filter backends, with ``?search=`` cleaned of query syntax."""
    return [CleanSearchFilter if b is SearchFilter else b for b in backends]


class CompactJsonMixin:
    """Answers in compact JSON, with the same values as Wagtail's.

    Wagtail indents its API answers by four spaces, which Python's json can
    only write with its pure-Python encoder: about 9 ms for a listing of
    twenty terms, a third of a cold answer, and a larger body on the wire.
    """

    def get_renderer_context(self):
        context = super().get_renderer_context()
        context.pop("indent", None)
        return context


class SharedCacheMixin:
    """Public answers say how long browsers and shared caches may keep them.

    The CMS purges a shared cache of every address a change reaches; the
    preview endpoint overrides this with ``private, no-store``.
    """

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        return mark_shared(request, response)


class FrontendHtmlUrlField(PageHtmlUrlField):
    """``html_url`` on the frontend for every page, specific or not.

    Stock Wagtail asks the page itself, and the plain ``Page`` rows of an
    untyped listing know nothing of the frontend.
    """

    def to_representation(self, page):
        return frontend_url(page, self.context.get("request"))


class OnFrontendMixin:
    """A nested page (parent, alias_of) whose ``meta.html_url`` is the frontend's.

    Stock fields serialise the nested page with Wagtail's own serializer and a
    plain ``Page``, whose URL would point at the CMS's site hostname.
    """

    def to_representation(self, page):
        data = super().to_representation(page)
        data["meta"]["html_url"] = frontend_url(page, self.context.get("request"))
        return data


class FrontendParentField(OnFrontendMixin, PageParentField):
    pass


class FrontendAliasOfField(OnFrontendMixin, PageAliasOfField):
    pass


class FrontendPageSerializer(PageSerializer):
    """Every page URL in a page's answer, its own and its parent's, on the frontend."""

    html_url = FrontendHtmlUrlField(read_only=True)
    parent = FrontendParentField(read_only=True)
    alias_of = FrontendAliasOfField(read_only=True)


# How long a value shared by public reads is kept under one content version.
SHARED_TIMEOUT = 600
# Query parameters that do not change which pages a listing holds.
WINDOW_PARAMETERS = frozenset({"limit", "offset", "fields"})


class RememberedCount:
    """A queryset for Wagtail's pagination whose ``count()`` is kept in the cache."""

    def __init__(self, queryset, key):
        self.queryset = queryset
        self.key = key

    def count(self):
        return cache.get_or_set(self.key, self.queryset.count, SHARED_TIMEOUT)

    def __getitem__(self, window):
        return self.queryset[window]


class GlossaryPagesAPIViewSet(
    CompactJsonMixin, HostileInputMixin, SharedCacheMixin, PagesAPIViewSet
):
    """Stock pages endpoint, with each page type fetching its relations up front.

    A page model may define ``prefetch_for_api(queryset, public_pages)``; it is
    applied to listings of that type and to detail lookups, so serialising
    related objects costs a fixed number of queries instead of one per page.
    """

    base_serializer_class = FrontendPageSerializer
    filter_backends = with_clean_search(PagesAPIViewSet.filter_backends)
    # When the page last changed for readers: a frontend's "last updated".
    meta_fields = [
        *PagesAPIViewSet.meta_fields[
            : PagesAPIViewSet.meta_fields.index("first_published_at") + 1
        ],
        "last_published_at",
        *PagesAPIViewSet.meta_fields[
            PagesAPIViewSet.meta_fields.index("first_published_at") + 1 :
        ],
    ]
    integer_parameters = {
        **HostileInputMixin.integer_parameters,
        "child_of": ("root",),
        "descendant_of": ("root",),
        "translation_of": ("root",),
        "ancestor_of": (),
    }

    def initial(self, request, *args, **kwargs):
        # The site, as every public read on this host finds it; Wagtail's
        # lookups read it from the request from now on.
        key = self.shared_key("site")
        if key is not None:
            request._request._wagtail_site = cache.get_or_set(
                key, lambda: Site.find_for_request(request._request), SHARED_TIMEOUT
            )
        super().initial(request, *args, **kwargs)

    def shared_key(self, name, *parts):
        """The cache key of a value every public read on this host shares, or None.

        Filed under the stored answers' content version, which every change to
        a page, a site or a view restriction renews; None for a reader with a
        session (a page's password or an editor's login widens what they see)
        or when no store keeps a version.
        """
        request = self.request
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            return None
        if not hasattr(self, "_content_version"):
            self._content_version = stored_documents.version()
        if self._content_version is None:
            return None
        django_request = request._request
        raw = "|".join(
            map(
                str,
                (
                    self._content_version,
                    django_request.get_host(),
                    django_request.get_port(),
                    name,
                    *parts,
                ),
            )
        )
        return f"wagtailapi:shared:{hashlib.sha256(raw.encode()).hexdigest()}"

    def listing_view(self, request):
        queryset = self.get_queryset()
        self.check_query_parameters(queryset)
        queryset = self.filter_queryset(queryset)
        if self.stored_root_id() is not None and isinstance(queryset, QuerySet):
            # Only the ids at first: if every page on this page of results
            # has a stored answer, nothing else is loaded. The count is the
            # same for every window of the listing: counted once per version.
            ids_queryset = queryset.prefetch_related(None).values_list("pk", flat=True)
            params = sorted(
                (name, values)
                for name, values in request.GET.lists()
                if name not in WINDOW_PARAMETERS
            )
            key = self.shared_key("count", params)
            if key is not None:
                ids_queryset = RememberedCount(ids_queryset, key)
            ids = list(self.paginate_queryset(ids_queryset))
            stored = self.stored_details(ids)
            if len(stored) == len(ids):
                # Items are cut from the stored documents. Nested relations
                # come with their default fields, as listings give them when
                # no sub-fields are asked for (sub-fields are never served
                # from stored documents). One serializer class serves the
                # whole page of results: it depends on the request and the
                # listing's page type only.
                serializer_class = self.get_serializer_class()
                items = [self.cut(stored[pk], serializer_class) for pk in ids]
                return self.get_paginated_response(items)
            position = {pk: index for index, pk in enumerate(ids)}
            pages = sorted(queryset.filter(pk__in=ids), key=lambda p: position[p.pk])
        else:
            pages = list(self.paginate_queryset(queryset))
        visible = self.get_base_queryset()
        with prefetched_references(pages, visible, IMAGE_RENDITIONS.values()):
            serializer = self.get_serializer(pages, many=True)
            return self.get_paginated_response(serializer.data)

    def detail_view(self, request, pk):
        if (
            isinstance(pk, int)
            and 0 < pk < 2**63
            and not request.GET
            and self.stored_root_id() is not None
        ):
            stored = self.stored_details([pk])
            if pk in stored:
                return Response(self.detail_from_document(stored[pk]))
        return Response(self.serialize(self.get_object()))

    # Parameters whose answers a stored detail cannot give: other rich text,
    # search scores, another site's view.
    NOT_FROM_STORE = frozenset(
        {"search", "search_operator", "rich_text_format", "site"}
    )

    def stored_root_id(self):
        """The site root whose stored answers fit this request, or None.

        Stored answers are the public's: not for a reader with a session (a
        page's password, an editor's login can widen what they see), nor
        for fields with sub-fields, which change nested answers.
        """
        request = self.request
        if (
            settings.SESSION_COOKIE_NAME in request.COOKIES
            or not self.NOT_FROM_STORE.isdisjoint(request.GET)
            or "(" in request.GET.get("fields", "")
        ):
            return None
        site = Site.find_for_request(request)
        return site.root_page_id if site is not None else None

    def stored_details(self, ids):
        return stored_documents.details(
            ids, self.get_base_queryset(), self.stored_root_id()
        )

    def serialize(self, page):
        """The page as its detail answers it; links resolve within what is visible."""
        visible = self.get_base_queryset()
        with prefetched_references([page], visible, IMAGE_RENDITIONS.values()):
            return self.get_serializer(page).data

    @classmethod
    def detail_for(cls, request, page, visible_pages):
        """``page`` exactly as ``GET /api/v2/pages/<id>/`` answers it.

        For another API that hands out whole pages and already knows which
        pages the reader may see (``visible_pages``) and has loaded ``page``
        through its type's ``prefetch_for_api``: the answer is built by this
        view — its fields, serializer context and rich text format — so the
        two never drift apart.
        """
        return cls._detail_view(request, page, visible_pages).serialize(page)

    @classmethod
    def _detail_view(cls, request, page, visible_pages):
        """This view, set up to serialise ``page`` as its detail for ``request``."""
        view = cls(
            action="detail_view",
            action_map={"get": "detail_view"},
            kwargs={"pk": page.pk},
            format_kwarg=None,
        )
        request.wagtailapi_router = api_router  # as the router's own views get it
        view.request = view.initialize_request(request)
        view._base_queryset = visible_pages
        view._object = page
        return view

    @classmethod
    def documents_for(cls, request, pages, visible_pages):
        """``pages`` with every field, detail-only ones included: what a store keeps.

        Each field is serialised as both the detail and a listing serialise
        it, so either answer is a cut of this one (:meth:`cut`). One view,
        request and reference prefetch serve the whole batch: the site, its
        settings and every linked page and image are read once.
        """
        if not pages:
            return []
        everything = copy.copy(request)
        everything.GET = QueryDict("fields=*")
        view = cls._detail_view(everything, pages[0], visible_pages)
        documents = []
        with prefetched_references(pages, visible_pages, IMAGE_RENDITIONS.values()):
            for page in pages:
                view._object = page
                view.kwargs = {"pk": page.pk}
                documents.append(view.get_serializer(page).data)
        return documents

    @classmethod
    def detail_from_document(cls, document):
        """The detail answer (default fields) cut from a stored document."""
        model = apps.get_model(document["meta"]["type"])
        serializer_class = cls.serializer_class_for(api_router, model, None, True)
        return cls.cut(document, serializer_class)

    @staticmethod
    def cut(document, serializer_class):
        """The answer ``serializer_class`` gives, taken from a stored document.

        The document has every field; the answer keeps its own fields in its
        own order, ``id`` first and meta fields next, as ``BaseSerializer``
        lays them out.
        """
        meta_names = set(serializer_class.meta_fields)
        fields = serializer_class.Meta.fields
        answer = {}
        if "id" in fields and "id" not in meta_names:
            answer["id"] = document["id"]
        meta = {
            name: document["meta"][name]
            for name in fields
            if name in meta_names and name in document["meta"]
        }
        if meta:
            answer["meta"] = meta
        for name in fields:
            if name not in meta_names and name in document:
                answer[name] = document[name]
        return answer

    def find_object(self, queryset, request):
        # Page URLs are handed out percent-encoded, and a frontend may pass
        # them on as they are or decoded: both find the page.
        if "html_path" in request.GET:
            try:
                path = requested_path(request.GET["html_path"])
            except ValueError as error:
                raise BadRequestError(f"html_path {error}") from error
            request = with_query(request, html_path=path)
        return super().find_object(queryset, request)

    def get_base_queryset(self):
        # Stock Wagtail rebuilds this (and re-reads every view restriction) each
        # time it is asked; once per request is enough, and for public reads
        # once per content version: its query is kept, as Django allows.
        if not hasattr(self, "_base_queryset"):
            build = super().get_base_queryset
            key = None if "site" in self.request.GET else self.shared_key("pages")
            if key is None:
                self._base_queryset = build()
            else:
                queryset = Page.objects.all()
                queryset.query = cache.get_or_set(
                    key, lambda: build().query, SHARED_TIMEOUT
                )
                self._base_queryset = queryset
        return self._base_queryset

    def get_queryset(self):
        # Asked for by the listing and again for its serializer's model.
        if not hasattr(self, "_queryset"):
            queryset = super().get_queryset()
            prefetch = getattr(queryset.model, "prefetch_for_api", None)
            if prefetch is not None:
                queryset = prefetch(queryset, self.get_base_queryset())
            self._queryset = queryset
        return self._queryset

    def get_serializer_class(self):
        # Stock Wagtail builds a new serializer class on every request; the
        # class depends only on the model, the fields asked for and the view.
        request = self.request
        if self.action == "listing_view":
            model = self.get_queryset().model
        else:
            model = type(self.get_object())
        return self.serializer_class_for(
            request.wagtailapi_router,
            model,
            request.GET.get("fields"),
            self.action != "listing_view",
        )

    @classmethod
    @lru_cache(maxsize=256)
    def serializer_class_for(cls, router, model, fields, show_details):
        """The serializer class for ``model`` with the ``?fields=`` value ``fields``.

        ``fields`` None is the default fields. Kept for the 256 latest
        combinations: ``fields`` is the reader's own text.
        """
        fields_config = []
        if fields is not None:
            try:
                fields_config = parse_fields_parameter(fields)
            except ValueError as e:
                raise BadRequestError(f"fields error: {e}") from e
        return cls._get_serializer_class(
            router, model, fields_config, show_details=show_details
        )

    def get_object(self):
        # Asked for twice per detail (the serializer's class depends on the
        # page's type); loaded and prefetched once.
        if not hasattr(self, "_object"):
            self._object = self._prefetched_object()
        return self._object

    def _prefetched_object(self):
        page = super().get_object()
        prefetch = getattr(type(page), "prefetch_for_api", None)
        if prefetch is None:
            return page
        queryset = type(page).objects.filter(pk=page.pk)
        page = prefetch(queryset, self.get_base_queryset()).first()
        if page is None:
            raise Http404("not found")
        return page


class DraftDetailUrlField(DetailUrlField):
    """A page not created yet has no detail URL: null, keeping the key."""

    def get_attribute(self, instance):
        return None if instance.pk is None else super().get_attribute(instance)


class DraftPageSerializer(FrontendPageSerializer):
    detail_url = DraftDetailUrlField(read_only=True)


class PagePreviewAPIViewSet(GlossaryPagesAPIViewSet):
    """A draft, by preview token, in exactly the published detail's JSON shape.

    ``GET /api/v2/page_preview/?content_type=glossary.glossarytermpage&token=…``
    """

    base_serializer_class = DraftPageSerializer

    @classmethod
    def get_urlpatterns(cls):
        return [path("", cls.as_view({"get": "detail_view"}), name="detail")]

    def detail_view(self, request, pk=None):
        return super().detail_view(request, pk)

    def stored_root_id(self):
        return None  # a draft is never the stored, published answer

    def get_object(self):
        if not hasattr(self, "_preview_page"):
            self._preview_page = page_for_preview(
                self.request.GET.get("content_type", ""),
                self.request.GET.get("token", ""),
            )
        return self._preview_page

    def handle_exception(self, exc):
        if isinstance(exc, PreviewError):
            return Response({"message": exc.message}, status=exc.status)
        return super().handle_exception(exc)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        # A draft is for the person holding the link, never for caches or crawlers.
        response["Cache-Control"] = "private, no-store"
        response["X-Robots-Tag"] = "noindex"
        return response


class GlossaryImagesAPIViewSet(
    CompactJsonMixin, HostileInputMixin, SharedCacheMixin, ImagesAPIViewSet
):
    filter_backends = with_clean_search(ImagesAPIViewSet.filter_backends)


class GlossaryDocumentsAPIViewSet(
    CompactJsonMixin, HostileInputMixin, DocumentsAPIViewSet
):
    filter_backends = with_clean_search(DocumentsAPIViewSet.filter_backends)


class FrontendRedirectSerializer(RedirectSerializer):
    """``location`` as an absolute URL: a site path is a path on the frontend.

    Stock Wagtail gives a page's path alone when the CMS has one site and its
    full URL when it has several; a frontend should not have to tell them apart.
    """

    location = serializers.SerializerMethodField()

    def get_location(self, redirect):
        link = redirect.link
        if not link:
            return link
        if link.startswith("/") and not link.startswith("//"):
            link = settings.FRONTEND_URL + link
        # A link an editor typed with accents, in the form page URLs have.
        return encoded_url(link)


class PublicRedirectsAPIViewSet(
    CompactJsonMixin, HostileInputMixin, SharedCacheMixin, RedirectsAPIViewSet
):
    """Stock redirects, limited to what an anonymous visitor of this site may see.

    A redirect to a page is listed and found only while that page is live and
    has no view restriction (password, login or group) on it or above it, so
    the slug of a private or unpublished page never leaves this endpoint.
    Redirects to external links are listed as they are.
    """

    base_serializer_class = FrontendRedirectSerializer
    filter_backends = with_clean_search(RedirectsAPIViewSet.filter_backends)

    def get_queryset(self):
        site = self.site
        if site is None:
            return super().get_queryset().none()
        # The same rows the redirect middleware follows on this site.
        on_site = Redirect.get_for_site(site)
        return (
            (super().get_queryset() & on_site)
            .filter(Q(redirect_page=None) | Q(redirect_page__in=self.public_pages))
            .exclude(pk__in=self.unsafe_links(on_site))
            .select_related("redirect_page")
        )

    @staticmethod
    def unsafe_links(redirects):
        """Redirects to addresses that would run script (``javascript:``, ``data:``).

        The admin's form refuses them, but rows written another way are not
        handed to a frontend that would follow them.
        """
        links = redirects.filter(redirect_page=None).exclude(redirect_link="")
        return [
            pk
            for pk, link in links.values_list("pk", "redirect_link")
            if safe_url(link) is None
        ]

    @cached_property
    def site(self):
        return Site.find_for_request(self.request)

    @cached_property
    def public_pages(self):
        # Public for anyone, not for whoever asks: a logged-in editor's
        # session must not change what a shared cache stores for this URL.
        # Built once: .public() reads every view restriction as it is built,
        # and Wagtail asks for the queryset more than once per request.
        return Page.objects.live().public().in_site(self.site)

    def find_object(self, queryset, request):
        try:
            redirect = super().find_object(queryset, request)
        except Http404:
            # Stock raises one without a message; find_view says "not found".
            return None
        # ?html_path= looks redirects up without this viewset's queryset.
        if redirect is None or not queryset.filter(pk=redirect.pk).exists():
            return None
        return redirect


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", GlossaryPagesAPIViewSet)
api_router.register_endpoint("page_preview", PagePreviewAPIViewSet)
api_router.register_endpoint("images", GlossaryImagesAPIViewSet)
api_router.register_endpoint("documents", GlossaryDocumentsAPIViewSet)
api_router.register_endpoint("redirects", PublicRedirectsAPIViewSet)
