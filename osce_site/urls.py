from django.conf import settings
from django.contrib import admin
from django.http import HttpResponse
from django.urls import include, path

from osce_site import health
from osce_site.media import media

urlpatterns = [
    path(settings.ADMIN_URL, admin.site.urls),
    path("readyz", health.readyz, name="readyz"),
    path("", include("releases.urls")),
]

if settings.SERVE_MEDIA:
    # Local and single-machine deployments; a real deployment serves media from
    # its web server or object storage (docs/deploy.md, with the same rules).
    urlpatterns += [path(f"{settings.MEDIA_URL.lstrip('/')}<path:path>", media)]

if settings.BENCH_VIEWS:
    # The benchmark's baseline (tests/bench/site.py): the whole middleware stack and a
    # view that does nothing. Only with DJANGO_BENCH_VIEWS=true.
    urlpatterns.insert(
        0, path("bench/ok", lambda request: HttpResponse("ok", content_type="text/plain"))
    )

handler404 = "releases.views.page_not_found"
handler500 = "releases.views.server_error"
