"""The media library: lead images moved into it by a migration with their URLs unchanged,
crops around the focal point, reuse across releases and translations, deletion refused
while in use, and the release form's chooser."""

import io
import uuid
from pathlib import PurePosixPath

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.models import ProtectedError
from django.urls import reverse
from PIL import Image as PILImage

from releases.images import crop_name, make_renditions, rendition_name
from releases.models import Image, PressRelease
from tests.factories import ImageFactory, PressReleaseFactory, jpeg_bytes

BEFORE = ("releases", "0009_plural_names")


def halves(width=1600, height=400):
    """Red on the left half, blue on the right: a crop shows which side it kept."""
    picture = PILImage.new("RGB", (width, height), (220, 0, 0))
    picture.paste((0, 0, 220), (width // 2, 0, width, height))
    buffer = io.BytesIO()
    picture.save(buffer, "PNG")
    return SimpleUploadedFile("halves.png", buffer.getvalue(), content_type="image/png")


def colour_of(name):
    with default_storage.open(name) as handle:
        return PILImage.open(handle).convert("RGB").resize((1, 1)).getpixel((0, 0))


def crops_of(image):
    sizes = [image.lead_size(w) for w in (480, 960, 1600)]
    names = {image.crop_name(size, ext) for size in sizes for ext in ("webp", "jpg")}
    return names | {image.crop_name(image.og_size(), "jpg")}


@pytest.mark.django_db
def test_crops_are_cut_around_the_focal_point(django_capture_on_commit_callbacks):
    from releases.images import clean_lead_image

    image = Image.objects.create(
        file=clean_lead_image(halves()), credit="OSCE", alt_text="Halves", focal_x=5, focal_y=50
    )
    assert all(default_storage.exists(name) for name in crops_of(image))
    red, _green, blue = colour_of(image.crop_name(image.lead_size(960), "jpg"))
    assert red > 150 and blue < 60  # the left: where the focal point is
    with default_storage.open(image.crop_name(image.og_size(), "jpg")) as handle:
        assert PILImage.open(handle).size == (762, 400)  # 1200 × 630's ratio, not enlarged
    old = crops_of(image)
    with django_capture_on_commit_callbacks(execute=True):
        image.focal_x = 95
        image.save()
    red, _green, blue = colour_of(image.crop_name(image.lead_size(960), "jpg"))
    assert blue > 150 and red < 60
    assert not any(default_storage.exists(name) for name in old)  # new names, old removed
    # The width renditions (the URLs of the pre-library pages) stay.
    assert default_storage.exists(rendition_name(image.file.name, 960, "jpg"))


@pytest.mark.django_db
def test_release_page_shows_the_focal_crop_and_changes_with_it(client, settings):
    settings.PAGE_CACHE = True  # the page as visitors get it, from the page cache
    image = ImageFactory(focal_x=20, focal_y=30)
    release = PressReleaseFactory(published=True, lead_image=image, image_alt="Own alt text")
    html = client.get(release.get_absolute_url()).content.decode()
    assert image.crop_name(image.lead_size(960), "jpg") in html
    assert "-f020030-1200x630.jpg" in html  # og:image, the 1200 × 630 crop
    assert 'alt="Own alt text"' in html  # the release's own alternative text wins
    assert "A caption" in html and "Photo: OSCE/Test" in html
    image.focal_x, image.caption = 70, "A new caption"
    image.save()
    html = client.get(release.get_absolute_url()).content.decode()
    assert "-f070030-" in html and "-f020030-" not in html
    assert "A new caption" in html


@pytest.mark.django_db
def test_deleting_an_image_in_use_is_refused_with_the_releases_using_it(
    admin_client, django_capture_on_commit_callbacks
):
    image = ImageFactory()
    first = PressReleaseFactory(title="First user", lead_image=image)
    PressReleaseFactory(title="Second user", lead_image=image, language="fr", translation_of=first)
    with pytest.raises(ProtectedError):
        image.delete()
    url = reverse("admin:releases_image_delete", args=[image.pk])
    page = admin_client.get(url).content.decode()
    assert "Cannot delete" in page or "would require deleting" in page
    assert "First user" in page and "Second user" in page
    response = admin_client.post(url, {"post": "yes"})
    assert Image.objects.filter(pk=image.pk).exists()
    # Unused: deleted, and its files go offline once committed.
    PressRelease.objects.update(lead_image=None)
    name = image.file.name
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(url, {"post": "yes"})
    assert response.status_code == 302
    assert not Image.objects.filter(pk=image.pk).exists()
    directory = str(PurePosixPath(name).parent)
    assert not [f for f in default_storage.listdir(directory)[1] if PurePosixPath(name).stem in f]


@pytest.mark.django_db
def test_a_translation_reuses_the_image_with_its_own_caption_and_alt_text(admin_client):
    from releases.translations import create_translation

    image = ImageFactory(caption="Opening session", alt_text="People in a hall")
    original = PressReleaseFactory(lead_image=image)
    translation = create_translation(original, "fr")
    assert translation.lead_image == image
    assert (translation.lead_caption, translation.lead_alt) == (
        "Opening session",
        "People in a hall",
    )
    translation.image_caption, translation.image_alt = "Séance d'ouverture", "Des gens"
    translation.save()
    original.refresh_from_db()
    assert original.lead_caption == "Opening session"
    assert translation.lead_caption == "Séance d'ouverture"


@pytest.mark.django_db
def test_the_chooser_answers_with_thumbnails_to_an_editor(editor_client):
    image = ImageFactory(caption="Election observers", credit="OSCE/Someone")
    ImageFactory(caption="Something else")
    response = editor_client.get(
        reverse("admin:releases_image_choose"),
        {
            "term": "observers",
            "app_label": "releases",
            "model_name": "pressrelease",
            "field_name": "lead_image",
        },
    )
    assert response.status_code == 200
    [result] = response.json()["results"]
    assert result["id"] == str(image.pk) and result["credit"] == "OSCE/Someone"
    assert result["thumbnail"].endswith(image.crop_name(image.lead_size(480), "webp"))


@pytest.mark.django_db
def test_an_editor_uploads_into_the_library_from_the_release_forms_popup(client, staff):
    editor = staff("Editor")
    client.force_login(editor)
    upload = SimpleUploadedFile("Holiday.jpg", jpeg_bytes(1200, 800), content_type="image/jpeg")
    response = client.post(
        reverse("admin:releases_image_add") + "?_to_field=id&_popup=1",
        {
            "file": upload,
            "alt_text": "Observers at a polling station",
            "caption": "",
            "credit": "OSCE/Editor",
            "focal_x": 30,
            "focal_y": 60,
            "_popup": "1",
            "_to_field": "id",
        },
    )
    assert response.status_code == 200  # the popup's closing page, handing the id back
    image = Image.objects.get()
    assert b"popup_response" in response.content
    assert image.uploaded_by == editor and image.focal == (30, 60)
    assert "Holiday" not in image.file.name and image.file.name.endswith(".jpg")
    assert default_storage.exists(image.crop_name(image.og_size(), "jpg"))


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"<html><script>alert(1)</script></html>", "JPEG, PNG or WebP"),
        (jpeg_bytes(100, 100)[:300], "not a valid image"),
    ],
)
def test_a_bad_library_upload_is_a_form_error(admin_client, content, message):
    response = admin_client.post(
        reverse("admin:releases_image_add"),
        {
            "file": SimpleUploadedFile("photo.jpg", content, content_type="image/jpeg"),
            "alt_text": "x",
            "credit": "x",
            "focal_x": 50,
            "focal_y": 50,
        },
    )
    assert response.status_code == 200
    assert message in str(response.context["adminform"].form.errors["file"])
    assert not Image.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_migration_moves_every_lead_image_into_the_library_with_urls_unchanged():
    executor = MigrationExecutor(connection)
    executor.migrate([BEFORE])
    apps = executor.loader.project_state([BEFORE]).apps
    OldRelease = apps.get_model("releases", "PressRelease")
    try:
        names = []
        for colour in ((200, 0, 0), (0, 0, 200)):
            name = f"releases/2024/05/{uuid.uuid4().hex}.jpg"
            default_storage.save(name, ContentFile(jpeg_bytes(1600, 900, colour)))
            make_renditions(Image.file.field.attr_class(None, Image.file.field, name))
            names.append(name)
        common = {"image_width": 1600, "image_height": 900, "image_credit": "OSCE/Old"}
        original = OldRelease.objects.create(
            title="Original",
            slug="original",
            image=names[0],
            image_caption="Caption",
            image_alt="Alt",
            status="published",
            **common,
        )
        OldRelease.objects.create(
            title="Traduction",
            slug="traduction",
            language="fr",
            translation_of=original,
            image=names[0],
            image_caption="Légende",
            image_alt="Alt",
            **common,
        )
        OldRelease.objects.create(
            title="Other",
            slug="other",
            image=names[1],
            image_caption="",
            image_alt="Other alt",
            **common,
        )
        OldRelease.objects.create(title="No image", slug="no-image")
        before = {
            name: [
                rendition_name(name, w, ext) for w in (480, 960, 1600) for ext in ("webp", "jpg")
            ]
            for name in names
        }
    finally:
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())

    assert Image.objects.count() == 2
    first, second = (Image.objects.get(file=name) for name in names)
    assert (first.caption, first.alt_text, first.credit) == ("Caption", "Alt", "OSCE/Old")
    assert (first.width, first.height, first.focal) == (1600, 900, (50, 50))
    releases = {r.slug: r for r in PressRelease.objects.all()}
    assert releases["original"].lead_image == first
    assert releases["traduction"].lead_image == first  # shared, not copied
    assert releases["traduction"].lead_caption == "Légende"  # its own caption stays its own
    assert releases["traduction"].image_alt == ""  # the same as the library's: not repeated
    assert releases["other"].lead_image == second and releases["other"].lead_alt == "Other alt"
    assert releases["no-image"].lead_image is None
    for name, image in ((names[0], first), (names[1], second)):
        assert image.file.url == default_storage.url(name)  # the original's URL unchanged
        assert all(default_storage.exists(r) for r in before[name])  # renditions too
        assert all(default_storage.exists(c) for c in crops_of(image))  # and the new crops
    assert crop_name(names[0], (50, 50), (1200, 630), "jpg") in crops_of(first)


@pytest.mark.django_db
def test_the_release_form_shows_the_chosen_images_thumbnail(admin_client):
    image = ImageFactory(caption="Observers at work")
    release = PressReleaseFactory(lead_image=image)
    html = admin_client.get(reverse("admin:releases_pressrelease_change", args=[release.pk]))
    html = html.content.decode()
    assert f'data-thumbnail="{image.thumbnail_url()}"' in html
    assert "Observers at work" in html
    assert "/admin/releases/image/add/?_to_field=id&amp;_popup=1" in html  # upload in place


@pytest.mark.django_db
def test_an_editor_cannot_change_an_image_a_live_release_shows(editor_client, staff):
    image = ImageFactory(caption="Before")
    url = reverse("admin:releases_image_change", args=[image.pk])
    data = {"alt_text": "x", "credit": "x", "caption": "After", "focal_x": 10, "focal_y": 10}
    release = PressReleaseFactory(lead_image=image)  # a draft: the editor may
    assert editor_client.post(url, data).status_code == 302
    PressRelease.objects.filter(pk=release.pk).update(status=PressRelease.Status.PUBLISHED)
    data["caption"] = "Changed on a live page"
    assert editor_client.post(url, data).status_code == 403
    image.refresh_from_db()
    assert image.caption == "After"
    assert editor_client.get(url).status_code == 200  # still viewable, read-only


@pytest.mark.django_db(transaction=True)
def test_migration_reverses_onto_the_release_rows():
    image = ImageFactory(caption="Library caption", credit="OSCE/Lib", alt_text="Library alt")
    original = PressReleaseFactory(slug="original", lead_image=image)
    PressReleaseFactory(
        slug="traduction", language="fr", translation_of=original, lead_image=image,
        image_caption="Légende",
    )  # fmt: skip
    executor = MigrationExecutor(connection)
    try:
        executor.migrate([BEFORE])
        OldRelease = executor.loader.project_state([BEFORE]).apps.get_model(
            "releases", "PressRelease"
        )
        rows = {r.slug: r for r in OldRelease.objects.all()}
        for slug, caption in (("original", "Library caption"), ("traduction", "Légende")):
            row = rows[slug]
            assert row.image.name == image.file.name
            assert (row.image_width, row.image_height) == (image.width, image.height)
            assert (row.image_caption, row.image_credit, row.image_alt) == (
                caption, "OSCE/Lib", "Library alt",
            )  # fmt: skip
    finally:
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())
    assert PressRelease.objects.get(slug="traduction").lead_image.file.name == image.file.name
