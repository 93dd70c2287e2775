"""The admin's way in and out: upload → dry-run report → confirm → import, and exports.

Imports run in the background (``tasks.py``); the report page refreshes
itself while the check or the import is under way. Exports are direct
downloads: of the whole glossary from the Export page, or of the Terms
listing as currently filtered from its header menu.
"""

import datetime

from django import forms
from django.core.exceptions import PermissionDenied
from django.db.models.query import QuerySet
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.views.generic import FormView, TemplateView
from wagtail.admin import messages
from wagtail.admin.auth import user_passes_test
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet
from wagtail.admin.widgets.button import Button

from ..models import GlossaryImport, GlossaryTermPage
from . import exporter, files, tasks
from .importer import glossary_index

IMPORT_PERMISSION = "glossary.import_terms"
EXPORT_PERMISSION = "glossary.export_terms"
RECENT_IMPORTS = 10
UNCONFIRMED_KEPT_FOR = datetime.timedelta(days=1)
# Rows listed in a report by action; counts cover the rest.
SHOWN_ROWS = 500


def _glossary_permissions(user):
    try:
        return glossary_index().permissions_for_user(user)
    except LookupError:
        return None


def can_add_terms(user):
    """Importing adds and edits terms: it takes the right to add them."""
    permissions = _glossary_permissions(user)
    return permissions is not None and permissions.can_add_subpage()


def can_publish_terms(user):
    permissions = _glossary_permissions(user)
    return permissions is not None and permissions.can_publish_subpage()


def import_allowed(user):
    return user.has_perm(IMPORT_PERMISSION) and can_add_terms(user)


def export_allowed(user):
    return user.has_perm(EXPORT_PERMISSION)


def file_response(terms, fmt):
    """A download of these terms in ``fmt``."""
    data = exporter.export(fmt, terms=terms)
    response = HttpResponse(data, content_type=files.CONTENT_TYPES[fmt])
    name = f"glossary-{timezone.localdate().isoformat()}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


class TransferPageMixin(WagtailAdminTemplateMixin):
    """Breadcrumbs: Home → this page (→ an import)."""

    def get_breadcrumbs_items(self):
        items = [*self.breadcrumbs_items, *self.parent_breadcrumbs()]
        return [*items, {"url": "", "label": self.get_page_title()}]

    def parent_breadcrumbs(self):
        return []


class ImportForm(forms.Form):
    file = forms.FileField(
        help_text="A .json, .csv or .xlsx file, under 50 MB, with one term per "
        "row or object. Terms are matched by slug: new ones are added, changed "
        "ones updated, the rest left alone."
    )
    publish = forms.BooleanField(
        required=False,
        label="Publish the imported terms",
        help_text="Leave unticked to import them as drafts you can review first.",
    )

    def __init__(self, *args, can_publish=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not can_publish:
            del self.fields["publish"]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            files.format_for(upload.name)
        except files.FileProblem as problem:
            raise forms.ValidationError(problem.message) from problem
        if upload.size >= files.MAX_BYTES:
            raise forms.ValidationError(
                f"The file is {upload.size / (1024 * 1024):.0f} MB; files must be "
                "under 50 MB."
            )
        if not upload.size:
            raise forms.ValidationError("The file is empty.")
        return upload


@method_decorator(user_passes_test(import_allowed), name="dispatch")
class ImportView(TransferPageMixin, FormView):
    page_title = "Import terms"
    header_icon = "upload"
    template_name = "glossary/transfer/import.html"
    form_class = ImportForm

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "can_publish": can_publish_terms(self.request.user),
        }

    def get_context_data(self, **kwargs):
        # Checked files nobody confirmed within a day are not kept.
        GlossaryImport.objects.filter(
            status=GlossaryImport.CHECKED,
            created_at__lt=timezone.now() - UNCONFIRMED_KEPT_FOR,
        ).delete()
        return {
            **super().get_context_data(**kwargs),
            "recent": GlossaryImport.objects.defer("data", "report")[:RECENT_IMPORTS],
            "export_url": reverse("glossary_export:index"),
        }

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        job = GlossaryImport.objects.create(
            filename=upload.name[:255],
            data=upload.read(),
            publish=form.cleaned_data.get("publish", False),
            user=self.request.user,
        )
        tasks.start_check(job)
        return redirect("glossary_import:job", job.pk)


@method_decorator(user_passes_test(import_allowed), name="dispatch")
class ImportJobView(TransferPageMixin, TemplateView):
    header_icon = "upload"
    template_name = "glossary/transfer/import_job.html"

    def dispatch(self, request, pk):
        self.job = get_object_or_404(GlossaryImport.objects.defer("data"), pk=pk)
        return super().dispatch(request, pk)

    def get_page_title(self):
        return f"Import of {self.job.filename}"

    def parent_breadcrumbs(self):
        return [{"url": reverse("glossary_import:index"), "label": "Import terms"}]

    def get_context_data(self, **kwargs):
        report = self.job.report or {}
        rows = report.get("rows", [])
        by_action = {
            action: [row for row in rows if row["action"] == action]
            for action in ("rejected", "updated", "created")
        }
        progress = tasks.progress_of(self.job.pk)
        return {
            **super().get_context_data(**kwargs),
            "job": self.job,
            "report": report,
            "counts": report.get("counts", {}),
            "sections": [
                (action, r[:SHOWN_ROWS], max(len(r) - SHOWN_ROWS, 0))
                for action, r in by_action.items()
            ],
            "progress": progress,
            "percent": progress and progress[1] and 100 * progress[0] // progress[1],
            "import_url": reverse("glossary_import:index"),
        }

    def post(self, request, pk):
        if self.job.publish and not can_publish_terms(request.user):
            raise PermissionDenied("Publishing terms needs publish permission.")
        if tasks.confirm(self.job):
            messages.success(request, f"Importing {self.job.filename}.")
        else:
            messages.warning(request, "This import is not waiting to be confirmed.")
        return redirect("glossary_import:job", self.job.pk)


@method_decorator(user_passes_test(export_allowed), name="dispatch")
class ExportView(TransferPageMixin, TemplateView):
    page_title = "Export terms"
    header_icon = "download"
    template_name = "glossary/transfer/export.html"

    def get(self, request, *args, **kwargs):
        fmt = request.GET.get("format")
        if fmt in files.FORMATS:
            return file_response(None, fmt)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "formats": files.FORMATS,
            "term_count": GlossaryTermPage.objects.count(),
        }


class TransferViewSet(ViewSet):
    """One page of the Glossary menu, shown to users ``allowed`` to use it."""

    @staticmethod
    def allowed(user):
        raise NotImplementedError

    @property
    def menu_item_class(self):
        allowed = self.allowed

        class AllowedMenuItem(MenuItem):
            def is_shown(self, request):
                return allowed(request.user)

        return AllowedMenuItem


class ImportViewSet(TransferViewSet):
    name = "glossary_import"
    url_prefix = "glossary/import"
    icon = "upload"
    menu_label = "Import terms"
    allowed = staticmethod(import_allowed)

    def get_urlpatterns(self):
        return [
            path("", ImportView.as_view(), name="index"),
            path("<int:pk>/", ImportJobView.as_view(), name="job"),
        ]


class ExportViewSet(TransferViewSet):
    name = "glossary_export"
    url_prefix = "glossary/export"
    icon = "download"
    menu_label = "Export terms"
    allowed = staticmethod(export_allowed)

    def get_urlpatterns(self):
        return [path("", ExportView.as_view(), name="index")]


class ExportListingMixin:
    """The Terms listing's header menu offers its current rows as a file."""

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.export_format = request.GET.get("export")
        if self.export_format in files.FORMATS:
            if not export_allowed(request.user):
                raise PermissionDenied("Exporting terms needs export permission.")
            self.is_export = True

    @property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        if export_allowed(self.request.user):
            for priority, fmt in enumerate(files.FORMATS, start=90):
                buttons.append(
                    Button(
                        f"Export these terms as {fmt.upper()}",
                        url=self.get_export_url(fmt),
                        icon_name="download",
                        priority=priority,
                    )
                )
        if import_allowed(self.request.user):
            buttons.append(
                Button(
                    "Import terms",
                    url=reverse("glossary_import:index"),
                    icon_name="upload",
                    priority=95,
                )
            )
        return buttons

    def render_to_response(self, context, **response_kwargs):
        if not self.is_export:
            return super().render_to_response(context, **response_kwargs)
        terms = context["object_list"]
        if not isinstance(terms, QuerySet):  # search results
            terms = GlossaryTermPage.objects.filter(pk__in=[t.pk for t in terms])
        return file_response(terms, self.export_format)
