"""A release's documents, served as downloads: never shown in the browser's own origin
(Content-Disposition: attachment, nosniff, a sandboxing policy), under a name made of
the document's title, and only for releases the visitor may see."""

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_safe

from .documents import CONTENT_TYPES
from .models import Attachment, PressRelease

POLICY = "default-src 'none'; sandbox"


@require_safe
def attachment_download(request, pk):
    releases = PressRelease.objects.all()
    if not request.user.has_perm("releases.change_pressrelease"):  # staff preview drafts
        releases = releases.published()
    attachment = get_object_or_404(
        Attachment.objects.select_related("release").filter(release__in=releases), pk=pk
    )
    try:
        handle = attachment.file.open("rb")
    except OSError:
        raise Http404 from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=attachment.download_name(),
        content_type=CONTENT_TYPES[attachment.kind],
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = POLICY
    # Public documents of public releases; a changed file gets a new stored name but the
    # same URL, so caches revalidate.
    public = attachment.release.is_published()
    response["Cache-Control"] = "public, max-age=300" if public else "private, no-store"
    return response
