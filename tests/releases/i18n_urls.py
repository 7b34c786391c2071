"""The site's URLs with the public pages under language prefixes (English unprefixed),
as osce_site/urls.py mounts them: for tests of per-language pages."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path(settings.ADMIN_URL, admin.site.urls),
    *i18n_patterns(
        path("", include("releases.urls")),
        path("", include("alerts.urls")),
        prefix_default_language=False,
    ),
]

handler404 = "releases.views.page_not_found"
handler500 = "releases.views.server_error"
