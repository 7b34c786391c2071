from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.static import serve

urlpatterns = [
    path(settings.ADMIN_URL, admin.site.urls),
    path("", include("releases.urls")),
]

if settings.SERVE_MEDIA:
    # Local and single-machine deployments; a real deployment serves media from
    # its web server or object storage.
    urlpatterns += [
        path(
            f"{settings.MEDIA_URL.lstrip('/')}<path:path>",
            serve,
            {"document_root": settings.MEDIA_ROOT},
        )
    ]

handler404 = "releases.views.page_not_found"
handler500 = "releases.views.server_error"
