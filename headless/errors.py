"""Bad input and failures under /api/: JSON with a ``message``, never HTML.

Two layers. ``HostileInputMixin`` refuses, up front and as a 400, query input
the database would otherwise choke on deep inside Wagtail's filters and
paginator. The ``handler*`` views answer what never reaches a viewset (a URL
no endpoint matches, a crash) in JSON for /api/ paths and leave the rest of
the site to Django's own error pages.
"""

import functools

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.http import JsonResponse
from django.views import defaults
from wagtail.api.v2.utils import BadRequestError

from search.query import MAX_QUERY_LENGTH

from .prefetch import MAX_ID

# The largest id or offset SQLite and PostgreSQL's bigint can hold; past it
# SQLite raises OverflowError and PostgreSQL a DataError instead of matching
# nothing.


def check_query(query, integer_parameters):
    """Raise ``BadRequestError`` for a NUL anywhere in ``query`` or a bad integer.

    ``integer_parameters`` maps each parameter that holds an id or a count to
    the words it accepts instead of a number (``child_of=root``). Every value
    of a repeated parameter is checked, not only the last one.
    """
    for name, values in query.lists():
        for value in values:
            # PostgreSQL refuses NUL in any text it is sent, so a NUL in a
            # search, a path or a site name would otherwise end as a 500.
            if "\x00" in name or "\x00" in value:
                raise BadRequestError(
                    f"query parameter {name!r} is malformed: it contains a NUL"
                    " character"
                )
            words = integer_parameters.get(name)
            if words is None or value in words or _in_range(value):
                continue
            allowed = f"a whole number from 0 to {MAX_ID}"
            if words:
                allowed += "".join(f" or {word!r}" for word in words)
            raise BadRequestError(f"{name} must be {allowed}")


def _in_range(value):
    # ASCII digits only: int() would also take "+5", " 5" and other scripts'
    # digits, none of which a client means as an id.
    return (
        value.isascii()
        and value.isdigit()
        and len(value) <= len(str(MAX_ID))
        and int(value) <= MAX_ID
    )


def foreign_keys(model, names):
    """Those of ``names`` that are foreign keys to an integer id on ``model``.

    Django guards lookups on integer columns against overflow but not lookups
    through a foreign key, so ``?category=99999999999999999999`` reaches SQLite.
    """
    keys = []
    for name in names:
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        if (
            field.concrete
            and (field.many_to_one or field.one_to_one)
            and isinstance(field.target_field, models.IntegerField)
        ):
            keys.append(name)
    return keys


class HostileInputMixin:
    """For Wagtail API viewsets: every refusal is a 4xx with a ``message``.

    DRF runs ``initial`` before every action (listing, detail, find), so a
    check there also covers ``site`` and ``html_path``, which are read
    outside the listing's ``check_query_parameters``.
    """

    # Parameters holding an id or a count, with the words each takes instead.
    integer_parameters = {"offset": (), "limit": (), "id": ()}

    def initial(self, request, *args, **kwargs):
        check_query(request.GET, self.integer_parameters)
        super().initial(request, *args, **kwargs)

    def check_query_parameters(self, queryset):
        super().check_query_parameters(queryset)
        # A name that is also an operation (?locale=en) is not a field filter.
        filters = set(
            self.get_available_fields(queryset.model, db_fields_only=True)
        ).difference(self.known_query_parameters)
        check_query(
            self.request.GET,
            {name: () for name in foreign_keys(queryset.model, filters)},
        )
        if len(self.request.GET.get("search", "")) > MAX_QUERY_LENGTH:
            raise BadRequestError(f"search is limited to {MAX_QUERY_LENGTH} characters")
        # The search backend takes anything else as a programming error.
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

    def handle_exception(self, exc):
        response = super().handle_exception(exc)
        # DRF's own refusals (405, 406, an unknown ?format=) say "detail", or
        # nothing at all; clients of this API read "message".
        data = response.data if isinstance(response.data, dict) else {}
        if set(data) <= {"message", "detail"} and not data.get("message"):
            message = data.get("detail") or response.status_text
            response.data = {"message": str(message)}
        return response


def is_api_path(path):
    return path == "/api" or path.startswith("/api/")


def _json_under_api(default_view, status, message):
    """Django's error view ``default_view``, answering JSON under /api/."""

    @functools.wraps(default_view)
    def view(request, *args, **kwargs):
        if is_api_path(request.path_info):
            # Never the exception's text: it may name tables, paths or settings.
            return JsonResponse({"message": message}, status=status)
        return default_view(request, *args, **kwargs)

    return view


bad_request = _json_under_api(defaults.bad_request, 400, "bad request")
permission_denied = _json_under_api(defaults.permission_denied, 403, "forbidden")
page_not_found = _json_under_api(defaults.page_not_found, 404, "not found")
server_error = _json_under_api(defaults.server_error, 500, "internal error")
