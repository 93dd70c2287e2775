"""The site's URLs plus the two yardsticks `make bench` compares against.

- ``bench/static.json``: a fixed 5 KB JSON body through the full Django
  middleware stack — the most any JSON view here can serve (the ceiling);
- ``bench/stock-v2/pages/``: Wagtail's stock pages endpoint, without this
  project's prefetching.
"""

import json

from django.http import HttpResponse
from django.urls import path
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet

from cms.urls import urlpatterns as site_urlpatterns

# About 5 KB.
STATIC_BODY = json.dumps(
    {"items": [{"id": i, "title": f"Term {i}", "text": "x" * 30} for i in range(70)]}
).encode()


def static_json(request):
    return HttpResponse(STATIC_BODY, content_type="application/json")


stock_router = WagtailAPIRouter("bench_stock_api")
stock_router.register_endpoint("pages", PagesAPIViewSet)

urlpatterns = [
    path("bench/static.json", static_json),
    path("bench/stock-v2/", stock_router.urls),
    *site_urlpatterns,
]
