"""Uploaded media served by the app itself (DJANGO_SERVE_MEDIA): only the image types the
site stores, never anything a browser would run, and cached for as long as the name is
unique."""

from pathlib import PurePosixPath

from django.conf import settings
from django.http import Http404
from django.views.decorators.http import require_safe
from django.views.static import serve

from .images import CROP_NAME, RENDITION_NAME, STORED_NAME

# By extension, and only these: a file of any other name under MEDIA_ROOT (a script, an
# HTML page, an SVG) is a 404, whatever its bytes.
TYPES = {".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png", ".webp": "image/webp"}
# Originals and renditions have random names and never change once written: a year,
# without revalidation. A removed image stays in caches that fetched it until then.
IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "public, max-age=3600"
# Should a browser ever open one as a document: no script, no plugin, its own origin.
POLICY = "default-src 'none'; sandbox"


@require_safe
def media(request, path):
    content_type = TYPES.get(PurePosixPath(path).suffix)
    if content_type is None:
        raise Http404
    # Django's own view: no path outside MEDIA_ROOT, no directory listings, and
    # If-Modified-Since answered with 304.
    response = serve(request, path, document_root=settings.MEDIA_ROOT)
    unique = any(name.fullmatch(path) for name in (STORED_NAME, RENDITION_NAME, CROP_NAME))
    response["Cache-Control"] = IMMUTABLE if unique else REVALIDATE
    if response.status_code == 200:
        response["Content-Type"] = content_type  # not guessed by mimetypes, nor sniffed
        response["X-Content-Type-Options"] = "nosniff"
        response["Content-Security-Policy"] = POLICY
    return response
