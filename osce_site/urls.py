from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.http import HttpResponse
from django.urls import include, path
from django.views.i18n import set_language

from osce_site import health
from releases.media import media

urlpatterns = [
    # The staff member's language for the admin (a cookie, read on admin paths only:
    # osce_site.locale.LanguageMiddleware). Before the admin, which would 404 it.
    path(f"{settings.ADMIN_URL}language/", set_language, name="set_language"),
    path(settings.ADMIN_URL, admin.site.urls),
    path("readyz", health.readyz, name="readyz"),
    # Public pages: English unprefixed (its URLs never change), every other language
    # under its code (/ru/press-releases/).
    *i18n_patterns(
        path("", include("releases.urls")),
        path("", include("alerts.urls")),
        prefix_default_language=False,
    ),
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
