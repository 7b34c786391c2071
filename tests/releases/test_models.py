import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from PIL import Image

from releases.images import rendition_name
from releases.models import PressRelease
from tests.factories import ImageFactory, PressReleaseFactory


@pytest.mark.django_db
def test_duplicate_slug_is_refused():
    PressReleaseFactory(slug="same")
    with pytest.raises(IntegrityError), transaction.atomic():
        PressReleaseFactory(slug="same")


@pytest.mark.django_db
def test_body_is_sanitised_on_every_save_not_only_in_forms():
    release = PressRelease.objects.create(
        title="t",
        slug="t",
        body='<p onclick="x()">Hi <script>alert(1)</script><a href="javascript:alert(1)">l</a>'
        '<iframe src="https://example.org"></iframe><strong style="color:red">b</strong></p>',
    )
    release.refresh_from_db()
    assert "<script" not in release.body
    assert "onclick" not in release.body
    assert "javascript:" not in release.body
    assert "<iframe" not in release.body
    assert "style=" not in release.body
    assert "<strong>b</strong>" in release.body


@pytest.mark.django_db
def test_absolute_url_follows_the_url_contract():
    release = PressReleaseFactory(slug="a-release")
    assert release.get_absolute_url() == f"/press-releases/{release.pk}/a-release/"


@pytest.mark.django_db
def test_last_major_change_defaults_to_publication_time():
    release = PressReleaseFactory()
    assert release.last_major_change == release.publish_at


def png_bytes(width, height):
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (10, 80, 140)).save(buffer, "PNG")
    return buffer.getvalue()


@pytest.mark.django_db
def test_lead_image_gets_renditions_in_webp_and_jpeg():
    image = ImageFactory(
        file=SimpleUploadedFile("photo.png", png_bytes(1200, 600), content_type="image/png")
    )
    assert image.file.name.startswith("releases/")
    assert "photo" not in image.file.name
    storage = image.file.storage
    for width in (480, 960, 1200):
        for extension in ("webp", "jpg"):
            name = rendition_name(image.file.name, width, extension)
            assert storage.exists(name), name
            with storage.open(name) as handle:
                assert Image.open(handle).width == width
            crop = image.crop_name(image.lead_size(width), extension)
            with storage.open(crop) as handle:
                assert Image.open(handle).size == image.lead_size(width)
    assert image.lead_size(1200) == (1067, 600)  # 16:9 of 1200 × 600, not enlarged
    assert "480w" in image.srcsets()["webp"]
