"""The Promote tab's SEO checks, worked out from what the editor has typed so far.

The page editor posts its whole form here as the editor types (debounced, see
``static/seo/seo-live.js``). The form is bound and cleaned exactly as Wagtail's
own preview does it, the values that could be read are put on an unsaved copy
of the page, and the answer is the checklist of ``seo.checks`` and the search
result it would give. Nothing is ever saved: the page, its revisions and its
related rows stay as they were.
"""

import functools

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.forms import CharField, Textarea, TextInput
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404
from django.utils.functional import cached_property
from wagtail.admin.views.pages.preview import PreviewOnCreateView, PreviewOnEditView
from wagtail.api.v2.utils import BadRequestError
from wagtail.models import Page

from headless.errors import check_query

from .checks import seo_checks
from .models import SEOMixin

# What the editor's form always sends for a page with the SEO fields; a post
# without them is not that form.
SEO_FORM_FIELDS = ("title", "seo_title", "search_description")


def json_errors(view):
    """Refusals as JSON with a message the editor's browser can show."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except PermissionDenied:
            return JsonResponse(
                {"message": "You don't have permission to edit this page."},
                status=403,
            )
        except Http404:
            return JsonResponse({"message": "There is no such page."}, status=404)

    return wrapped


def page_as_typed(form):
    """The form's page with every value the form could read, unsaved.

    Mid-typing a form is seldom valid: a required field is still empty, an
    example half written. Each field that cleaned is used; the others keep
    the page's stored value, except text the editor typed (an empty title, a
    title tag longer than the column allows), which the checks judge as typed.
    """
    form.is_valid()  # Django copies the fields that cleaned onto form.instance.
    page = form.instance
    for name in form.errors:
        field = form.fields.get(name)
        value = form[name].data if field is not None else None
        # Plain text only: a slug or an address that does not validate is
        # not what the page will have.
        if (
            type(field) is CharField
            and isinstance(field.widget, TextInput | Textarea)
            and isinstance(value, str)
        ):
            setattr(page, name, value.strip() if field.strip else value)
    # Child rows (related terms, other names) are kept in memory on the page,
    # as the form's own save(commit=False) keeps them.
    for formset in form.formsets.values():
        if formset.is_valid():
            formset.save(commit=False)
    return page


def search_checks(request, page, parent):
    """The JSON answer: the checklist and the search result for the typed form."""
    for name in SEO_FORM_FIELDS:
        if name not in request.POST:
            return bad_request(
                f"“{name}” is missing: send the page's edit form as it is."
            )
    try:
        check_query(request.POST, {})
    except BadRequestError as error:
        return bad_request(str(error).replace("query parameter", "field"))

    form_class = page.get_edit_handler().get_form_class()
    # Whatever the form's validation touches is undone: this only reads.
    with transaction.atomic():
        try:
            form = form_class(
                request.POST, instance=page, parent_page=parent, for_user=request.user
            )
            page = page_as_typed(form)
        except (KeyError, ValueError):
            # Widgets read their parts (an example's fields, a list's count)
            # without looking first; a post that lacks them, or has words
            # where counts go, is not the form.
            transaction.set_rollback(True)
            return bad_request(
                "The form's data is incomplete: send the page's edit form as it is."
            )
        page.seo_place_under(parent)
        checks = seo_checks(page)
        answer = {
            "checks": [
                {"label": check.label, "passed": check.passed, "advice": check.advice}
                for check in checks
            ],
            "passed": sum(check.passed for check in checks),
            "search_result": page.seo_search_result(),
        }
        transaction.set_rollback(True)
    return JsonResponse(answer)


def bad_request(message):
    return JsonResponse({"message": message}, status=400)


class SEOChecksOnEdit(PreviewOnEditView):
    """The checks for an existing page, as its editor has changed it."""

    http_method_names = ["post"]

    def get_object(self):
        page = super().get_object()
        if not isinstance(page, SEOMixin):
            raise Http404
        return page

    def post(self, request, *args, **kwargs):
        return search_checks(request, self.object, self.object.get_parent().specific)


class SEOChecksOnCreate(PreviewOnCreateView):
    """The checks for a page not created yet, under the parent it will have."""

    http_method_names = ["post"]

    @cached_property
    def content_type(self):
        content_type = super().content_type
        model = content_type.model_class()
        if not (model and issubclass(model, Page) and issubclass(model, SEOMixin)):
            raise Http404
        return content_type

    def get_object(self):
        parent = get_object_or_404(Page, id=self.parent_object_id).specific
        model = self.content_type.model_class()
        # What the create view itself refuses.
        if model not in parent.creatable_subpage_models() or not model.can_create_at(
            parent
        ):
            raise PermissionDenied
        self.parent = parent
        return super().get_object()

    def post(self, request, *args, **kwargs):
        return search_checks(request, self.object, self.parent)


checks_on_edit = json_errors(SEOChecksOnEdit.as_view())
checks_on_create = json_errors(SEOChecksOnCreate.as_view())
