"""Lead image files on disk and on the wire: an image no release uses any more leaves the
library and goes offline with all its renditions and crops, and the media the app serves
are images only, cached as long as their names are unique."""

import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse
from PIL import Image

from releases.models import Image as LibraryImage
from releases.models import PressRelease, StaleEditError
from tests.factories import ImageFactory, PressReleaseFactory
from tests.releases.test_admin import form_data

# Wider than the widest rendition, so that all six are made (480, 960, 1600 × WebP, JPEG).
WIDE = (1700, 20)


def jpeg(size=WIDE, colour=(40, 90, 140)):
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, "JPEG")
    return SimpleUploadedFile("photo.jpg", buffer.getvalue(), content_type="image/jpeg")


def with_image(**kwargs):
    return PressReleaseFactory(lead_image=ImageFactory(size=WIDE), **kwargs)


def files_of(release):
    """The original and every rendition on disk, as media URLs."""
    root = Path(settings.MEDIA_ROOT)
    stem = Path(release.lead_image.file.name).stem
    found = sorted(root.rglob(f"{stem}*"))
    return [f"{settings.MEDIA_URL}{path.relative_to(root).as_posix()}" for path in found]


def on_disk(urls):
    root = Path(settings.MEDIA_ROOT)
    return [url for url in urls if (root / url.removeprefix(settings.MEDIA_URL)).exists()]


def change_url(release):
    return reverse("admin:releases_pressrelease_change", args=[release.pk])


@pytest.fixture
def published_image(reference_data):
    release = with_image(published=True)
    urls = files_of(release)
    # The premise: the original, six width renditions and three focal crops (this thin
    # image's 16:9 crops are all one size, in WebP and JPEG, and the OpenGraph one).
    assert len(urls) == 10
    return release, urls


def status_codes(client, urls):
    return {url: client.get(url).status_code for url in urls}


def offline(client, urls):
    return on_disk(urls) == [] and set(status_codes(client, urls).values()) == {404}


# Removal ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_clearing_the_image_in_the_admin_takes_every_file_offline(
    admin_client, client, published_image, django_capture_on_commit_callbacks
):
    release, urls = published_image
    assert set(status_codes(client, urls).values()) == {200}
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            change_url(release),
            form_data(release, change_note="Photo removed.", lead_image=""),
        )
    assert response.status_code == 302
    release.refresh_from_db()
    assert not release.lead_image
    assert not LibraryImage.objects.exists()  # used by no release: gone from the library
    assert offline(client, urls)


@pytest.mark.django_db
def test_replacing_the_image_in_the_admin_removes_the_old_files_only(
    admin_client, published_image, django_capture_on_commit_callbacks
):
    release, old_urls = published_image
    new = ImageFactory(size=WIDE, colour=(200, 20, 20))
    data = form_data(release, lead_image=new.pk, change_note="New photo.")
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(change_url(release), data)
    assert response.status_code == 302
    release.refresh_from_db()
    new_urls = files_of(release)
    assert len(new_urls) == 10
    assert not set(new_urls) & set(old_urls)
    assert offline(admin_client, old_urls)
    assert set(status_codes(admin_client, new_urls).values()) == {200}


@pytest.mark.django_db
def test_deleting_a_release_in_the_admin_takes_its_image_offline(
    admin_client, client, published_image, django_capture_on_commit_callbacks
):
    release, urls = published_image
    assert set(status_codes(client, urls).values()) == {200}
    delete_url = reverse("admin:releases_pressrelease_delete", args=[release.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(delete_url, {"post": "yes"})
    assert response.status_code == 302
    assert not PressRelease.objects.filter(pk=release.pk).exists()
    assert offline(client, urls)


@pytest.mark.django_db
def test_deleting_many_releases_at_once_takes_their_images_offline(
    client, reference_data, django_capture_on_commit_callbacks
):
    releases = [with_image(published=True) for _ in range(2)]
    urls = [url for release in releases for url in files_of(release)]
    assert len(on_disk(urls)) == 20
    with django_capture_on_commit_callbacks(execute=True):
        PressRelease.objects.filter(pk__in=[r.pk for r in releases]).delete()
    assert offline(client, urls)


@pytest.mark.django_db
def test_files_stay_when_the_change_is_rolled_back(
    published_image, django_capture_on_commit_callbacks
):
    release, urls = published_image
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            release.lead_image = None
            release.save()
            raise RuntimeError("something later in the same request failed")
        with pytest.raises(RuntimeError), transaction.atomic():
            PressRelease.objects.filter(pk=release.pk).delete()
            raise RuntimeError("and again")
    assert callbacks == []
    assert len(files_of(PressRelease.objects.get(pk=release.pk))) == 10


@pytest.mark.django_db
def test_refused_stale_save_keeps_the_files(published_image, django_capture_on_commit_callbacks):
    release, urls = published_image
    PressRelease.objects.get(pk=release.pk).save()  # someone else saved meanwhile
    release.lead_image = None
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(StaleEditError):
        release.save()
    assert len(files_of(PressRelease.objects.get(pk=release.pk))) == 10


@pytest.mark.django_db
def test_a_file_another_release_still_shows_is_kept(
    published_image, django_capture_on_commit_callbacks
):
    release, urls = published_image
    twin = PressReleaseFactory(lead_image=release.lead_image, published=True)
    with django_capture_on_commit_callbacks(execute=True):
        release.delete()
    assert files_of(twin) and len(files_of(twin)) == 10


@pytest.mark.django_db
def test_saving_other_fields_keeps_the_image(published_image, django_capture_on_commit_callbacks):
    release, urls = published_image
    with django_capture_on_commit_callbacks(execute=True):
        release.title = "A new title"
        release.save()
        release.save(update_fields=["title", "version"])
    assert len(files_of(release)) == 10


@pytest.mark.django_db
def test_restoring_a_version_whose_image_left_the_library_is_a_form_error(
    admin_client, published_image, django_capture_on_commit_callbacks
):
    release, urls = published_image
    with django_capture_on_commit_callbacks(execute=True):
        release.lead_image = None
        release.save()
    old = release.history.filter(lead_image__isnull=False).first()
    url = reverse("admin:releases_pressrelease_simple_history", args=[release.pk, old.pk])
    response = admin_client.post(url, form_data(release, lead_image=old.lead_image_id))
    assert response.status_code == 200
    assert "valid choice" in str(response.context["adminform"].form.errors["lead_image"])


@pytest.mark.django_db
def test_a_drafts_image_is_linked_from_no_public_page(client, reference_data):
    """Draft images are not access-controlled: their names are random (122 bits) and
    appear only on staff pages until the release is published (README, "Media")."""
    draft = with_image(title="Draft with a picture")
    stem = Path(draft.lead_image.file.name).stem
    assert len(stem) == 32
    PressReleaseFactory(published=True)
    for url in ("/", "/press-releases/", "/press-releases/feed/", "/sitemap.xml"):
        response = client.get(url)
        assert response.status_code == 200
        assert stem.encode() not in response.content, url
    assert client.get(draft.get_absolute_url()).status_code == 404


# Serving ------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kind", "content_type"),
    [("original", "image/jpeg"), ("-480w.webp", "image/webp"), ("-1600w.jpg", "image/jpeg")],
)
def test_originals_and_renditions_are_cached_for_a_year_as_immutable(
    client, published_image, kind, content_type
):
    release, urls = published_image
    url = urls[0] if kind == "original" else next(u for u in urls if u.endswith(kind))
    response = client.get(url)
    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"
    assert response["Content-Type"] == content_type
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert response["Content-Disposition"].startswith("inline;")
    again = client.get(url, HTTP_IF_MODIFIED_SINCE=response["Last-Modified"])
    assert again.status_code == 304
    assert again["Cache-Control"] == "public, max-age=31536000, immutable"


@pytest.fixture
def planted(db):
    """Files an attacker managed to put under the media root."""
    root = Path(settings.MEDIA_ROOT) / "releases"
    root.mkdir(parents=True)
    polyglot = b"GIF89a/*\x00\x00*/=1;alert(document.domain)//"
    for name in ("evil.js", "evil.html", "evil.svg", "evil.gif", "evil.JPG", "evil.jpg.html"):
        (root / name).write_bytes(polyglot)
    (root / "plain.jpg").write_bytes(jpeg().read())
    return root


@pytest.mark.parametrize(
    "name",
    [
        "evil.js",
        "evil.html",
        "evil.svg",
        "evil.gif",
        "evil.JPG",
        "evil.jpg.html",
        "",
        "x/../evil.js",
    ],
)
def test_nothing_but_the_stored_image_types_is_served(client, planted, name):
    assert client.get(f"{settings.MEDIA_URL}releases/plain.jpg").status_code == 200
    response = client.get(f"{settings.MEDIA_URL}releases/{name}")
    assert response.status_code == 404
    assert "javascript" not in response["Content-Type"]


def test_an_image_of_another_name_is_served_as_an_image_with_a_short_lifetime(client, planted):
    response = client.get(f"{settings.MEDIA_URL}releases/plain.jpg")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "public, max-age=3600"


def test_media_answer_only_get_and_head(client, planted):
    url = f"{settings.MEDIA_URL}releases/plain.jpg"
    assert client.head(url).status_code == 200
    assert client.post(url).status_code == 405
    assert client.get(f"{settings.MEDIA_URL}../manage.py").status_code == 404
