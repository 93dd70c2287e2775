"""The Wagtail API v2 router: pages, images, documents and redirects."""

import copy

from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import path
from rest_framework.response import Response
from wagtail.api.v2.filters import SearchFilter
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.serializers import DetailUrlField, PageSerializer
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.contrib.redirects.api.v2 import RedirectsAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet

from glossary.serialization import IMAGE_RENDITIONS
from search.query import MAX_QUERY_LENGTH, clean_query

from .prefetch import prefetched_references
from .preview import PreviewError, page_for_preview


class CleanSearchFilter(SearchFilter):
    """Stock ``?search=`` with reader input stripped of backend query syntax."""

    def filter_queryset(self, request, queryset, view):
        if "search" not in request.GET:
            return super().filter_queryset(request, queryset, view)
        params = request.GET.copy()
        params["search"] = clean_query(params["search"])
        # SearchFilter reads request.GET; hand it a request with the cleaned query.
        django_request = copy.copy(request._request)
        django_request.GET = params
        cleaned = copy.copy(request)
        cleaned._request = django_request
        return super().filter_queryset(cleaned, queryset, view)


class GlossaryPagesAPIViewSet(PagesAPIViewSet):
    """Stock pages endpoint, with each page type fetching its relations up front.

    A page model may define ``prefetch_for_api(queryset, public_pages)``; it is
    applied to listings of that type and to detail lookups, so serialising
    related objects costs a fixed number of queries instead of one per page.
    """

    filter_backends = [
        CleanSearchFilter if backend is SearchFilter else backend
        for backend in PagesAPIViewSet.filter_backends
    ]

    def check_query_parameters(self, queryset):
        super().check_query_parameters(queryset)
        for name, value in self.request.GET.items():
            if "\x00" in name or "\x00" in value:
                raise BadRequestError(
                    f"query parameter {name!r} contains a NUL character"
                )
        if len(self.request.GET.get("search", "")) > MAX_QUERY_LENGTH:
            raise BadRequestError(f"search is limited to {MAX_QUERY_LENGTH} characters")
        operator = self.request.GET.get("search_operator")
        if operator is not None and operator not in ("and", "or"):
            raise BadRequestError("search_operator must be 'and' or 'or'")

    def filter_queryset(self, queryset):
        # Stock field filters let a malformed value (a date, a number) escape
        # as a 500; the caller gets told what was wrong instead.
        try:
            return super().filter_queryset(queryset)
        except (ValidationError, ValueError) as exc:
            messages = getattr(exc, "messages", None) or [str(exc)]
            raise BadRequestError("; ".join(messages)) from exc

    def listing_view(self, request):
        queryset = self.get_queryset()
        self.check_query_parameters(queryset)
        queryset = self.filter_queryset(queryset)
        pages = list(self.paginate_queryset(queryset))
        with prefetched_references(pages, IMAGE_RENDITIONS.values()):
            serializer = self.get_serializer(pages, many=True)
            return self.get_paginated_response(serializer.data)

    def detail_view(self, request, pk):
        page = self.get_object()
        with prefetched_references([page], IMAGE_RENDITIONS.values()):
            return Response(self.get_serializer(page).data)

    def get_base_queryset(self):
        # Stock Wagtail rebuilds this (and re-reads every view restriction) each
        # time it is asked; once per request is enough.
        if not hasattr(self, "_base_queryset"):
            self._base_queryset = super().get_base_queryset()
        return self._base_queryset

    def get_queryset(self):
        queryset = super().get_queryset()
        prefetch = getattr(queryset.model, "prefetch_for_api", None)
        if prefetch is not None:
            queryset = prefetch(queryset, self.get_base_queryset())
        return queryset

    def get_object(self):
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


class DraftPageSerializer(PageSerializer):
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


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", GlossaryPagesAPIViewSet)
api_router.register_endpoint("page_preview", PagePreviewAPIViewSet)
api_router.register_endpoint("images", ImagesAPIViewSet)
api_router.register_endpoint("documents", DocumentsAPIViewSet)
api_router.register_endpoint("redirects", RedirectsAPIViewSet)
