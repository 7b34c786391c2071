"""A tampered or malformed archive: import_content applies the rules of every other write
(the sanitiser, the model's full_clean(), the upload's image checks) and refuses what
fails with one clear message, having written nothing."""

import hashlib
import io
import json
import struct
import tracemalloc
import zipfile

import pytest
from django.core.management import CommandError, call_command
from PIL import Image, ImageFile

from releases.management.commands import export_content, import_content
from releases.management.commands.export_content import MANIFEST, MAX_LINE_BYTES
from releases.models import PressRelease
from tests.factories import PressReleaseFactory
from tests.releases import test_backup as backup
from tests.releases.test_images import png_header

RELEASES = "data/press_releases.jsonl"
IMAGES = "data/images.jsonl"
DRAFT = "draft-only-editors-see"  # the release with the lead image
HEX = "0123456789abcdef" * 2


@pytest.fixture
def archive(reference_data, tmp_path):
    """An archive of a draft with an image and a scheduled release, with the content
    tables and the media emptied after the export."""
    backup.add_draft_and_scheduled()
    path = tmp_path / "backup.zip"
    call_command("export_content", str(path), verbosity=0)
    backup.empty_content()
    return path


@pytest.fixture
def no_pixel_decoding(monkeypatch):
    def load(self):
        raise AssertionError("pixels were decoded")

    monkeypatch.setattr(ImageFile.ImageFile, "load", load)


def rebuild(source, change):
    """A copy of the archive after change(members, manifest), whose checksums match the
    changed members: only the later checks can find what is wrong."""
    with zipfile.ZipFile(source) as old:
        members = {name: old.read(name) for name in old.namelist()}
    manifest = json.loads(members.pop(MANIFEST))
    change(members, manifest)
    for name, body in members.items():
        manifest["members"][name] = {"sha256": hashlib.sha256(body).hexdigest(), "size": len(body)}
    target = source.with_name("tampered.zip")
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        new.writestr(MANIFEST, json.dumps(manifest))
        for name, body in members.items():
            new.writestr(name, body)
    return target


def releases_edited(change):
    """A rebuild change that edits the draft's row."""

    def edit(members, manifest):
        rows = [json.loads(line) for line in members[RELEASES].splitlines()]
        change(next(row for row in rows if row["slug"] == DRAFT))
        members[RELEASES] = "".join(json.dumps(row) + "\n" for row in rows).encode()

    return edit


def image_replaced(name, data):
    """A rebuild change that stores the draft's library image as name, holding data."""

    def edit(members, manifest):
        old = next(n for n in members if n.startswith("media/releases/"))
        del members[old], manifest["members"][old]
        members[f"media/{name}"] = data
        rows = [json.loads(line) for line in members[IMAGES].splitlines()]
        rows[0]["file"] = name
        members[IMAGES] = "".join(json.dumps(row) + "\n" for row in rows).encode()
        releases_edited(lambda row: row.update(lead_image=name))(members, manifest)

    return edit


def refused(path, message):
    with pytest.raises(CommandError, match=message) as caught:
        call_command("import_content", str(path), verbosity=0)
    assert caught.value.returncode != 0  # what manage.py exits with
    assert not any(backup.counts().values())
    assert backup.media_files() == {}
    return str(caught.value)


def patched_header(path, member, *, offset, value):
    """The archive with a 16-bit field of one member's local and central headers set
    (offset in the local header; the central header has it 2 bytes later)."""
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        local = archive.getinfo(member).header_offset
    struct.pack_into("<H", data, local + offset, value)
    name = member.encode()
    central = data.find(b"PK\x01\x02")
    while data[central + 46 : central + 46 + len(name)] != name:
        central = data.find(b"PK\x01\x02", central + 4)
    struct.pack_into("<H", data, central + offset + 2, value)
    target = path.with_name("patched.zip")
    target.write_bytes(bytes(data))
    return target


def gif_javascript_polyglot():
    buffer = io.BytesIO()
    Image.new("P", (1, 1)).save(buffer, "GIF")
    return buffer.getvalue() + b"\n;alert(document.domain);//"


def jpeg_bytes():
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (40, 90, 140)).save(buffer, "JPEG")
    return buffer.getvalue()


# Item: a tampered backup must not put script on public pages ---------------------------


@pytest.mark.django_db
def test_script_in_an_archived_body_is_removed_by_the_sanitiser(archive, client):
    script = '<script src="/media/releases/evil.js"></script>'
    body = f'<p onclick="alert(1)">Text</p>{script}<a href="javascript:alert(2)">link</a>'

    def publish_with_script(row):
        row.update(body=body, status="published")

    call_command("import_content", str(rebuild(archive, releases_edited(publish_with_script))))
    release = PressRelease.objects.get(slug=DRAFT)
    assert "<script" not in release.body
    assert "onclick" not in release.body and "javascript:" not in release.body
    assert "<p>Text</p>" in release.body
    page = client.get(release.get_absolute_url()).content.decode()
    assert "evil.js" not in page


@pytest.mark.django_db
def test_image_named_like_a_script_is_refused(archive):
    tampered = rebuild(archive, image_replaced("releases/evil.js", gif_javascript_polyglot()))
    message = refused(tampered, "image 'releases/evil.js' is not a name the site gives images")
    assert "releases/YYYY/MM/<32 hex digits>.jpg, .png or .webp" in message


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name",
    [
        f"releases/2026/11/{HEX}.html",
        f"releases/2026/11/{HEX}.jpg.html",
        f"releases/2026/13/{HEX}.jpg",
        f"releases/2026/11/{HEX[:-1]}.jpg",
        f"releases/2026/11/{HEX.upper()}.jpg",
        f"releases/2026/11/../../{HEX}.jpg",
        f"/releases/2026/11/{HEX}.jpg",
        f"releases/2026/11/{HEX}-480w.webp",
    ],
)
def test_image_names_the_site_never_gives_are_refused(archive, name):
    refused(rebuild(archive, image_replaced(name, jpeg_bytes())), "is not a name the site gives")


@pytest.mark.django_db
def test_gif_polyglot_under_an_image_name_is_refused(archive):
    name = f"releases/2026/11/{HEX}.jpg"
    tampered = rebuild(archive, image_replaced(name, gif_javascript_polyglot()))
    refused(tampered, f"image {name}: The file is not a JPEG, PNG or WebP image")


@pytest.mark.django_db
def test_image_in_another_format_than_its_extension_is_refused(archive):
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8)).save(buffer, "PNG")
    tampered = rebuild(archive, image_replaced(f"releases/2026/11/{HEX}.jpg", buffer.getvalue()))
    refused(tampered, "holds a PNG image, not what its extension says")


@pytest.mark.django_db
def test_media_member_that_is_no_releases_image_is_refused(archive):
    def add_page(members, manifest):
        members["media/releases/2026/11/page.html"] = b"<script>alert(1)</script>"

    refused(
        rebuild(archive, add_page), "media/releases/2026/11/page.html, which is no library image"
    )


# Item: import robustness ---------------------------------------------------------------


@pytest.mark.django_db
def test_encrypted_member_is_refused(archive):
    # General purpose flag bit 0: "encrypted" (local header offset 6).
    refused(patched_header(archive, RELEASES, offset=6, value=1), f"{RELEASES} is encrypted")


@pytest.mark.django_db
def test_member_with_compression_method_99_is_refused(archive):
    # Method 99 is WinZip's AES (local header offset 8).
    refused(
        patched_header(archive, RELEASES, offset=8, value=99),
        f"{RELEASES} uses compression method 99; export_content writes only stored or deflated",
    )


@pytest.mark.django_db
def test_date_that_is_a_number_is_refused(archive):
    tampered = rebuild(archive, releases_edited(lambda row: row.update(date=12345)))
    refused(tampered, "line 1: date must be a string, not 12345")


@pytest.mark.django_db
def test_migration_heads_that_are_not_names_are_refused(archive):
    def nested(members, manifest):
        manifest["migrations"] = {"releases": [["x"]]}

    refused(
        rebuild(archive, nested),
        r"migration heads for releases are not migration names: \[\['x'\]\]",
    )


@pytest.mark.django_db
def test_image_name_that_is_a_directory_is_refused(archive, settings):
    folder = "releases/2026/11"
    (settings.MEDIA_ROOT / folder).mkdir(parents=True)  # media storage has that directory
    tampered = rebuild(archive, image_replaced(folder, jpeg_bytes()))
    refused(tampered, f"image '{folder}' is not a name the site gives images")


@pytest.mark.django_db
def test_overlong_line_is_refused_without_being_read_whole(archive):
    huge = 64 * 1024 * 1024  # compresses to some 64 kB

    def one_huge_line(members, manifest):
        members[RELEASES] = b'{"title": "' + b"a" * huge + b'"}\n' + members[RELEASES]

    tampered = rebuild(archive, one_huge_line)
    assert tampered.stat().st_size < 2 * 1024 * 1024
    tracemalloc.start()
    try:
        refused(tampered, f"{RELEASES} line 1 is longer than {MAX_LINE_BYTES:,} bytes")
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 3 * MAX_LINE_BYTES, f"{peak:,} bytes"


@pytest.mark.django_db
def test_image_of_165_megapixels_is_refused_before_decoding(archive, no_pixel_decoding):
    bomb = png_header(13_000, 13_000)
    assert len(bomb) < 1024
    tampered = rebuild(archive, image_replaced(f"releases/2026/11/{HEX}.png", bomb))
    refused(tampered, "The image has too many pixels: at most 40 megapixels")


@pytest.mark.django_db
def test_image_member_over_the_upload_limit_is_refused_before_reading(archive, monkeypatch):
    def never(*args, **kwargs):
        raise AssertionError("the image was read")

    monkeypatch.setattr(import_content, "check_stored_image", never)
    padded = jpeg_bytes().ljust(21 * 1024 * 1024, b"\0")
    tampered = rebuild(archive, image_replaced(f"releases/2026/11/{HEX}.jpg", padded))
    refused(tampered, r"is 22,020,096 bytes; a lead image has at most 20,971,520")


@pytest.mark.django_db
@pytest.mark.parametrize("field", ["title", "body", "publish_at", "sources"])
def test_row_missing_a_field_is_refused_not_given_a_default(archive, field):
    tampered = rebuild(archive, releases_edited(lambda row: row.pop(field)))
    refused(tampered, f"line 1: the row lacks {field}")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"status": "superpublished"}, "status: Value 'superpublished' is not a valid choice"),
        ({"release_type": "<script>"}, "release_type: Value '<script>' is not a valid choice"),
        ({"title": ""}, "title: This field cannot be blank"),
        ({"title": "x" * 256}, "title: Ensure this value has at most 255 characters"),
        ({"slug": "not a slug"}, "slug: Enter a valid “slug”"),
        ({"lead_image": "releases/2026/11/nothing.jpg"}, "lead_image refers to images"),
        ({"version": -1}, "version: Ensure this value is greater than or equal to 0"),
        ({"version": True}, "version must be a whole number, not True"),
        ({"published_without_review": 1}, "published_without_review must be true or false"),
        ({"publish_at": "2026-01-01T09:00:00"}, "publish_at: '2026-01-01T09:00:00' lacks its UTC"),
        ({"publish_at": "2026-02-30T09:00:00+00:00"}, "publish_at: .*invalid date"),
    ],
)
def test_row_failing_the_models_validation_is_refused(archive, change, message):
    refused(rebuild(archive, releases_edited(lambda row: row.update(change))), message)


@pytest.mark.django_db
def test_structure_closing_before_it_opens_is_refused(archive):
    def close_before_opening(members, manifest):
        rows = [json.loads(line) for line in members[backup.STRUCTURES].splitlines()]
        rows[-1].update(opened_in=2000, closed_in=1990)
        members[backup.STRUCTURES] = "".join(json.dumps(row) + "\n" for row in rows).encode()

    refused(
        rebuild(archive, close_before_opening),
        r"structures.jsonl line \d+: row: Constraint “structure_closed_after_opened” is violated",
    )


@pytest.mark.django_db
def test_repeated_unique_value_is_refused(archive):
    def same_tag_slug(members, manifest):
        rows = [json.loads(line) for line in members["data/tags.jsonl"].splitlines()]
        rows[1]["slug"] = rows[0]["slug"]
        members["data/tags.jsonl"] = "".join(json.dumps(row) + "\n" for row in rows).encode()

    refused(rebuild(archive, same_tag_slug), "data/tags.jsonl line 2: slug '.*' is repeated")


@pytest.mark.django_db
def test_refusal_is_one_line_on_stderr_and_a_non_zero_exit(archive, capsys, monkeypatch):
    # Not the test database's connection: run_from_argv closes them all when it ends.
    monkeypatch.setattr("django.core.management.base.connections.close_all", lambda: None)
    tampered = rebuild(archive, releases_edited(lambda row: row.update(date=12345)))
    with pytest.raises(SystemExit) as exit_:
        import_content.Command().run_from_argv(["manage.py", "import_content", str(tampered)])
    assert exit_.value.code == 1
    err = capsys.readouterr().err
    assert err.startswith("CommandError: data/press_releases.jsonl line 1: date must be")
    assert err.count("\n") == 1 and "Traceback" not in err
    assert not any(backup.counts().values())


@pytest.mark.django_db
def test_export_refuses_a_row_that_import_would_refuse(reference_data, tmp_path, monkeypatch):
    monkeypatch.setattr(export_content, "MAX_LINE_BYTES", 2_000)
    release = PressReleaseFactory(body=f"<p>{'word ' * 1_000}</p>")
    path = tmp_path / "backup.zip"
    with pytest.raises(CommandError, match=f"the row with id {release.pk} takes [0-9,]+ bytes"):
        call_command("export_content", str(path), verbosity=0)
    assert list(tmp_path.iterdir()) == []
