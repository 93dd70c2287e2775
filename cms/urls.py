from django.conf import settings
from django.urls import include, path, re_path
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from glossary.delivery.api import api as glossary_api
from headless import errors, frontend, media
from headless.api import api_router
from headless.cache import shared

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v2/", api_router.urls),
    path("api/glossary/", glossary_api.urls),
    path("sitemap.xml", shared(sitemap), name="sitemap"),
]

# Under /api/ even a URL no endpoint matches, or a crash, answers JSON.
handler400 = errors.bad_request
handler403 = errors.permission_denied
handler404 = errors.page_not_found
handler500 = errors.server_error

# Uploaded images under MEDIA_ROOT, in every environment (headless/media.py).
urlpatterns += [
    re_path(rf"^{settings.MEDIA_URL.strip('/')}/(?P<path>.*)$", media.serve_image)
]

# Page addresses are the frontend's (headless/frontend.py). Wagtail builds page
# URLs by reversing "wagtail_serve", so the pattern keeps its name and shape.
urlpatterns += [
    re_path(r"^((?:[\w\-]+/)*)$", frontend.to_frontend, name="wagtail_serve")
]
