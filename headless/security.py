"""Response headers and request methods that every answer of the CMS obeys."""

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.http import HttpResponse, JsonResponse

from headless.environment import origin
from headless.errors import is_api_path

# JSON is never rendered as a page: a browser that opens it may load nothing,
# run nothing and frame it nowhere.
API_POLICY = {
    "default-src": ["'none'"],
    "frame-ancestors": ["'none'"],
    "base-uri": ["'none'"],
    "form-action": ["'none'"],
}
# Uploaded files: an image opened on its own (an SVG above all) runs nothing.
MEDIA_POLICY = {
    "default-src": ["'none'"],
    "img-src": ["'self'"],
    "style-src": ["'unsafe-inline'"],
    "sandbox": [],
}
# The API's HTML documentation page, which needs the admin-like policy.
API_DOCS = "/api/glossary/docs"


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp with a locked-down policy for API answers and uploaded media.

    Everything else (the admin, the preview page, the API docs) gets
    ``CONTENT_SECURITY_POLICY`` from the settings.
    """

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if report_only:
            return parts
        path = request.path_info
        if is_api_path(path) and not path.startswith(API_DOCS):
            return PolicyParts(config=API_POLICY)
        if path.startswith("/media/"):
            return PolicyParts(config=MEDIA_POLICY)
        # Previews show the frontend inside the admin.
        parts.update = {**(parts.update or {}), "frame-src": preview_origins()}
        return parts


def preview_origins():
    clients = settings.WAGTAIL_HEADLESS_PREVIEW["CLIENT_URLS"].values()
    return sorted({origin(url) for url in clients})


# The public side of the CMS only reads...
READ_ONLY_PREFIXES = ("/api/", "/sitemap.xml", "/media/", "/documents/")
READ_METHODS = ("GET", "HEAD", "OPTIONS")
# ...except the form that opens a password-protected document.
FORMS = ("/documents/authenticate_with_password/",)
# Never useful here, and TRACE echoes requests back (cookies included).
REFUSED_METHODS = ("TRACE", "TRACK", "CONNECT")


class SafeMethodsMiddleware:
    """405 for TRACE and CONNECT anywhere, and for writes to read-only addresses."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        method = request.method
        path = request.path_info
        read_only = path.startswith(READ_ONLY_PREFIXES) and not path.startswith(FORMS)
        if method in REFUSED_METHODS or (read_only and method not in READ_METHODS):
            allowed = ", ".join(READ_METHODS) if read_only else None
            return method_not_allowed(request, allowed)
        if read_only and method == "OPTIONS":
            # What may be done here (CORS preflights were answered earlier).
            response = HttpResponse(status=204)
            response["Allow"] = ", ".join(READ_METHODS)
            return response
        return self.get_response(request)


def method_not_allowed(request, allowed=None):
    message = f"{request.method} is not allowed here"
    if is_api_path(request.path_info):
        response = JsonResponse({"message": message}, status=405)
    else:
        response = HttpResponse(message, status=405, content_type="text/plain")
    response["Allow"] = allowed or "GET, HEAD, OPTIONS, POST"
    return response
