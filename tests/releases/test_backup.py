"""Backups that restore: export_content, empty the content tables, import_content, and
the public site is byte for byte what it was. Damaged archives are refused and leave the
database as it was."""

import datetime
import hashlib
import json
import os
import re
import shutil
import time
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.db import IntegrityError
from django.utils import timezone
from taggit.models import Tag

from countries.models import Chairpersonship, Country
from releases.management.commands import export_content, import_content
from releases.management.commands.export_content import MANIFEST, SECTIONS
from releases.models import Attachment, Image, PressRelease, TaggedPressRelease
from taxonomy.models import FieldOfWork, MeetingType, Structure
from tests.factories import ImageFactory, PressReleaseFactory
from tests.releases.test_attachments import attach
from tests.releases.test_feeds import jpeg_upload

PUBLIC_URLS = [
    "/",
    "/press-releases/",
    "/press-releases/?q=elections",
    "/press-releases/?country=serbia&field=elections",
    "/press-releases/?sort=oldest&type=news_item",
    "/press-releases/?tag=youth",
    "/fields-of-work/",
    "/countries/",
    "/structures/",
    "/meetings/",
    "/sitemap.xml",
    "/press-releases/feed/",
    "/press-releases/atom/",
    "/countries/serbia/feed/",
    "/fields-of-work/elections/atom/",
    "/structures/field-operations/feed/",
]
LOC = re.compile(r"<loc>(.*?)</loc>")
M2M = ("sources", "fields_of_work", "countries", "meeting_types")
RELEASES = "data/press_releases.jsonl"
STRUCTURES = "data/structures.jsonl"


def add_draft_and_scheduled():
    draft = PressReleaseFactory(
        title="Draft only editors see",
        slug="draft-only-editors-see",
        tags=["youth", "Unpublished tag"],
        sources=[Structure.objects.get(slug="mission-in-kosovo")],
        lead_image=ImageFactory(
            file=jpeg_upload(640, 360), credit="OSCE/Draft", alt_text="A draft image", focal_x=30
        ),
        change_note="Still being written.",
    )
    attach(draft, "pdf", title="Draft programme")
    scheduled = PressReleaseFactory(
        title="Scheduled for tomorrow",
        slug="scheduled-for-tomorrow",
        scheduled=True,
        published_without_review=True,
        fields_of_work=[FieldOfWork.objects.get(slug="elections")],
        countries=[Country.objects.get(iso_code="RS")],
    )
    return draft, scheduled


@pytest.fixture
def content(demo_content):
    """The demo content, plus a draft (with an image and a document), a scheduled
    release and a published release's documents."""
    published = PressRelease.objects.published().filter(lead_image__isnull=False).first()
    attach(published, "xlsx", title="Results by region", accessible=True)
    attach(published, "csv", title="Results as data", language="fr")
    return add_draft_and_scheduled()


@pytest.fixture
def small_content(reference_data):
    """Reference data, a draft with an image and a scheduled release: enough for the
    refusals, and quicker than the demo content's large images."""
    return add_draft_and_scheduled()


@pytest.fixture
def exported(small_content, tmp_path):
    """An archive of the content, with the content tables and media emptied after."""
    path = tmp_path / "backup.zip"
    call_command("export_content", str(path), verbosity=0)
    empty_content()
    return path


def empty_content():
    TaggedPressRelease.objects.all().delete()
    Tag.objects.all().delete()
    Attachment.objects.all().delete()
    PressRelease.objects.all().delete()
    Image.objects.all().delete()
    Chairpersonship.objects.all().delete()
    while Structure.objects.exists():  # parents are protected: leaves first
        Structure.objects.filter(children__isnull=True).delete()
    FieldOfWork.objects.all().delete()
    MeetingType.objects.all().delete()
    Country.objects.all().delete()
    shutil.rmtree(settings.MEDIA_ROOT, ignore_errors=True)
    cache.clear()
    assert not any(counts().values())


def counts():
    return {section.name: section.model.objects.count() for section in SECTIONS}


def rows():
    """Every stored value of every content table, the search vector included."""
    found = {s.name: list(s.model.objects.order_by("pk").values()) for s in SECTIONS}
    for name in M2M:
        through = getattr(PressRelease, name).through
        # The link rows' own ids come from the sequence; which pairs, in which order,
        # is what the data is.
        found[name] = list(through.objects.order_by("pk").values_list(*through_columns(name)))
    return found


def through_columns(name):
    m2m = PressRelease._meta.get_field(name)
    return f"{m2m.m2m_field_name()}_id", f"{m2m.m2m_reverse_field_name()}_id"


def media_files():
    root = Path(settings.MEDIA_ROOT)
    return {
        str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def public_urls(client):
    """The fixed URLs, every release in the sitemap, and the page and feed of every
    term a published release carries (the sitemap lists some 150 terms; those without
    releases add time, not coverage)."""
    sitemap = client.get("/sitemap-releases.xml").content.decode()
    listed = {url.removeprefix("http://testserver") for url in LOC.findall(sitemap)}
    urls = {url for url in listed if url.startswith("/press-releases/")}
    for release in PressRelease.objects.published():
        for name in M2M:
            for term in getattr(release, name).all():
                urls |= {term.get_absolute_url(), f"{term.get_absolute_url()}atom/"}
    return PUBLIC_URLS + sorted(urls)


def render(client, urls):
    cache.clear()
    pages = {}
    for url in urls:
        response = client.get(url)
        pages[url] = (
            response.status_code,
            response.get("Content-Type"),
            response.get("Last-Modified"),
            response.get("ETag"),
            response.content,
        )
    return pages


def sha256(data):
    return hashlib.sha256(data).hexdigest()


def rewrite(source, target, *, members=None, manifest=None, rehash=True):
    """A copy of the archive with some members changed; the manifest's checksums follow
    unless rehash is False (a damaged archive), so the change reaches later checks."""
    with zipfile.ZipFile(source) as old:
        data = {name: old.read(name) for name in old.namelist()}
    for name, change in (members or {}).items():
        data[name] = change(data[name])
    listed = json.loads(data[MANIFEST])
    if rehash:
        for name in members or {}:
            listed["members"][name]["sha256"] = sha256(data[name])
    if manifest:
        manifest(listed)
    data[MANIFEST] = json.dumps(listed).encode()
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for name, body in data.items():
            new.writestr(name, body)
    return target


def edit_rows(change):
    """A member change that edits the decoded rows of a JSON Lines member."""

    def edit(body):
        lines = [json.loads(line) for line in body.decode().splitlines()]
        change(lines)
        return "".join(json.dumps(line) + "\n" for line in lines).encode()

    return edit


def release_row(lines, slug):
    return next(line for line in lines if line["slug"] == slug)


@pytest.mark.django_db
def test_round_trip_gives_identical_pages_feeds_rows_and_images(client, content, tmp_path, capsys):
    draft, scheduled = content
    urls = public_urls(client)
    with_image = PressRelease.objects.published().filter(lead_image__isnull=False).first()
    assert with_image.get_absolute_url() in urls
    assert b"Results by region" in client.get(with_image.get_absolute_url()).content
    assert draft.get_absolute_url() not in urls
    before_pages, before_rows, before_media = render(client, urls), rows(), media_files()
    assert {url: page[0] for url, page in before_pages.items() if page[0] != 200} == {}
    assert before_pages["/press-releases/?q=elections"][4].count(b"<article") >= 1

    path = tmp_path / "backup.zip"
    started = time.monotonic()
    call_command("export_content", str(path), verbosity=0)
    exported_in = time.monotonic() - started
    empty_content()
    assert media_files() == {}
    started = time.monotonic()
    call_command("import_content", str(path), verbosity=0)
    imported_in = time.monotonic() - started

    assert rows() == before_rows
    assert media_files() == before_media  # originals, and renditions made again
    after_pages = render(client, urls)
    for url in urls:
        assert after_pages[url] == before_pages[url], url
    for hidden in (draft, scheduled):
        assert client.get(hidden.get_absolute_url()).status_code == 404
        assert hidden.title.encode() not in after_pages["/press-releases/"][4]
        assert hidden.title.encode() not in after_pages["/press-releases/feed/"][4]
    # The ids handed out next come after the restored ones (PostgreSQL sequences).
    newer = PressReleaseFactory()
    assert newer.pk > max(row["id"] for row in before_rows["press_releases"])
    size = path.stat().st_size
    with capsys.disabled():
        print(
            f"\narchive: {size} bytes; {len(urls)} URLs identical; "
            f"export {exported_in:.2f} s, import {imported_in:.2f} s"
        )


@pytest.mark.django_db
def test_commands_report_counts_and_size(content, tmp_path, capsys):
    path = tmp_path / "backup.zip"
    call_command("export_content", str(path))
    out = capsys.readouterr().out
    assert "26 press releases" in out  # 7 of them in other languages
    assert "5 images" in out and "3 attachments" in out
    assert "8 media files" in out  # 5 images' originals, 3 documents
    assert f"{path.stat().st_size:,} bytes" in out
    empty_content()
    call_command("import_content", str(path))
    out = capsys.readouterr().out
    assert "26 press releases" in out  # 7 of them in other languages
    assert "5 image files (renditions and crops regenerated), 3 documents" in out
    assert f"({path.stat().st_size:,} bytes)" in out


def truncated(path, tmp_path):
    target = tmp_path / "truncated.zip"
    target.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    return target


def flipped_byte(path, tmp_path):
    # A byte in the middle of the release data, as a bad disk or transfer would do it.
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo(RELEASES)
    data[info.header_offset + 30 + len(info.filename) + info.compress_size // 2] ^= 0xFF
    target = tmp_path / "flipped.zip"
    target.write_bytes(bytes(data))
    return target


def altered_member(path, tmp_path):
    return rewrite(
        path,
        tmp_path / "altered.zip",
        members={RELEASES: lambda body: body.replace(b"Draft only", b"Draft 0nly", 1)},
        rehash=False,
    )


def unknown_version(path, tmp_path):
    return rewrite(
        path,
        tmp_path / "future.zip",
        manifest=lambda manifest: manifest.update(format_version=99),
    )


def text_file(path, tmp_path):
    target = tmp_path / "notes.zip"
    target.write_text("These are not the releases you are looking for.\n")
    return target


def missing_file(path, tmp_path):
    return tmp_path / "nowhere" / "backup.zip"


def no_manifest(path, tmp_path):
    target = tmp_path / "bare.zip"
    with zipfile.ZipFile(path) as old, zipfile.ZipFile(target, "w") as new:
        for name in old.namelist():
            if name != MANIFEST:
                new.writestr(name, old.read(name))
    return target


def malformed_json(path, tmp_path):
    return rewrite(
        path, tmp_path / "json.zip", members={RELEASES: lambda body: body[: len(body) // 2]}
    )


def missing_structure(path, tmp_path):
    def point_elsewhere(lines):
        release_row(lines, "draft-only-editors-see")["sources"] = ["no-such-office"]

    return rewrite(path, tmp_path / "ref.zip", members={RELEASES: edit_rows(point_elsewhere)})


def broken_image(path, tmp_path):
    name = next(n for n in zipfile.ZipFile(path).namelist() if n.startswith("media/releases/"))
    return rewrite(path, tmp_path / "img.zip", members={name: lambda body: body[:200]})


def html_as_document(path, tmp_path):
    name = next(n for n in zipfile.ZipFile(path).namelist() if n.startswith("media/attach"))
    page = b"<!DOCTYPE html><html><script>alert(1)</script></html>"
    return rewrite(path, tmp_path / "doc.zip", members={name: lambda body: page})


def missing_image(path, tmp_path):
    def drop(manifest):
        name = next(n for n in manifest["members"] if n.startswith("media/"))
        del manifest["members"][name]

    target = tmp_path / "image.zip"
    rewrite(path, target, manifest=drop)
    with zipfile.ZipFile(target) as old:
        data = {n: old.read(n) for n in old.namelist()}
    listed = json.loads(data[MANIFEST])
    with zipfile.ZipFile(target, "w") as new:
        for name, body in data.items():
            if name == MANIFEST or name in listed["members"]:
                new.writestr(name, body)
    return target


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (truncated, r"damaged zip archive \(truncated"),
        (flipped_byte, "is damaged|Checksum mismatch"),
        (altered_member, f"Checksum mismatch for {RELEASES}"),
        (unknown_version, "format version 99 is not supported"),
        (text_file, "is not a zip archive"),
        (missing_file, "no such file"),
        (no_manifest, "no manifest.json"),
        (malformed_json, f"{RELEASES} line \\d+ is not valid JSON"),
        (missing_structure, "sources refers to structures 'no-such-office'"),
        (missing_image, "is not in the archive"),
        (broken_image, "image releases/.*: The file is not a valid image"),
        (html_as_document, "document attachments/.*: The file is not a PDF"),
    ],
)
def test_damaged_archive_is_refused_and_database_stays_empty(exported, tmp_path, damage, message):
    bad = damage(exported, tmp_path)
    with pytest.raises(CommandError, match=message):
        call_command("import_content", str(bad), verbosity=0)
    assert not any(counts().values())
    assert media_files() == {}


def full_disk_after_the_renditions(monkeypatch):
    def make_then_fail(field_file):
        real_make_renditions(field_file)
        raise OSError(28, "No space left on device")

    real_make_renditions = import_content.make_renditions
    monkeypatch.setattr(import_content, "make_renditions", make_then_fail)


def database_refuses_at_the_end(monkeypatch):
    # What no check before the load can foresee: the database itself says no.
    def refuse(table_names=None):
        raise IntegrityError("FOREIGN KEY constraint failed")

    monkeypatch.setattr(import_content.connection, "check_constraints", refuse)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("failure", "message"),
    [
        (full_disk_after_the_renditions, "renditions of .* could not be made .*No space left"),
        (database_refuses_at_the_end, "rolled back; the database is unchanged. Cause: Integrity"),
    ],
)
def test_failure_while_loading_rolls_everything_back(exported, monkeypatch, failure, message):
    failure(monkeypatch)
    with pytest.raises(CommandError, match=message):
        call_command("import_content", str(exported), verbosity=0)
    assert not any(counts().values())
    assert media_files() == {}  # originals and renditions written so far removed


@pytest.mark.django_db
def test_non_empty_database_is_refused(small_content, tmp_path):
    path = tmp_path / "backup.zip"
    call_command("export_content", str(path), verbosity=0)
    before = counts()
    with pytest.raises(CommandError, match=r"already has content \(68 countries"):
        call_command("import_content", str(path), verbosity=0)
    assert counts() == before


@pytest.mark.django_db
def test_different_file_under_an_image_name_is_refused(exported, tmp_path):
    with zipfile.ZipFile(exported) as archive:
        name = next(n for n in archive.namelist() if n.startswith("media/"))
    squatter = Path(settings.MEDIA_ROOT) / name.removeprefix("media/")
    squatter.parent.mkdir(parents=True)
    squatter.write_bytes(b"someone else's file")
    with pytest.raises(CommandError, match="already holds a different"):
        call_command("import_content", str(exported), verbosity=0)
    assert not any(counts().values())
    assert squatter.read_bytes() == b"someone else's file"


@pytest.mark.django_db
def test_archive_from_a_newer_schema_is_refused(exported, tmp_path):
    future = rewrite(
        exported,
        tmp_path / "newer.zip",
        manifest=lambda m: m["migrations"]["releases"].append("0999_from_the_future"),
    )
    with pytest.raises(CommandError, match="releases.0999_from_the_future"):
        call_command("import_content", str(future), verbosity=0)
    assert not any(counts().values())


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("missing/backup.zip", "does not exist"),
        ("backup.tar.gz", "ending in .zip"),
        ("existing.zip", "already exists; pass --force"),
        ("folder.zip", "is a directory"),
    ],
)
def test_export_refuses_a_bad_path(reference_data, tmp_path, name, message):
    (tmp_path / "existing.zip").write_bytes(b"an older backup")
    (tmp_path / "folder.zip").mkdir()
    with pytest.raises(CommandError, match=message):
        call_command("export_content", str(tmp_path / name), verbosity=0)
    assert (tmp_path / "existing.zip").read_bytes() == b"an older backup"


@pytest.mark.django_db
def test_export_refuses_a_directory_it_cannot_write(reference_data, tmp_path, monkeypatch):
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    if os.geteuid() == 0:  # root may write anywhere: pretend it may not
        monkeypatch.setattr(export_content.os, "access", lambda path, mode: False)
    with pytest.raises(CommandError, match="is not writable"):
        call_command("export_content", str(locked / "backup.zip"), verbosity=0)
    assert list(locked.iterdir()) == []


@pytest.mark.django_db
def test_failed_export_leaves_no_file_and_keeps_the_old_one(small_content, tmp_path, monkeypatch):
    (tmp_path / "backups").mkdir()
    path = tmp_path / "backups" / "backup.zip"
    path.write_bytes(b"yesterday's backup")
    real_rows = export_content.rows

    def failing_rows(section, keys):
        if section.name == "press_releases":
            raise OSError(28, "No space left on device")
        yield from real_rows(section, keys)

    monkeypatch.setattr(export_content, "rows", failing_rows)
    with pytest.raises(CommandError, match="No space left on device"):
        call_command("export_content", str(path), "--force", verbosity=0)
    assert path.read_bytes() == b"yesterday's backup"
    assert [p.name for p in path.parent.iterdir()] == ["backup.zip"]  # no temp file left

    monkeypatch.setattr(export_content, "rows", real_rows)
    call_command("export_content", str(path), "--force", verbosity=0)
    with zipfile.ZipFile(path) as archive:
        manifest = json.loads(archive.read(MANIFEST))
    assert manifest["counts"]["press_releases"] == 2
    assert oct(path.stat().st_mode & 0o777) == "0o600"  # drafts inside: owner only


@pytest.mark.django_db
def test_archive_keeps_exact_times_and_leaves_out_the_search_vector(small_content, tmp_path):
    draft, _scheduled = small_content
    moment = timezone.now().replace(microsecond=123456) - datetime.timedelta(days=3)
    PressRelease.objects.filter(pk=draft.pk).update(updated_at=moment, version=7)
    path = tmp_path / "backup.zip"
    call_command("export_content", str(path), verbosity=0)
    with zipfile.ZipFile(path) as archive:
        lines = [json.loads(line) for line in archive.read(RELEASES).splitlines()]
        manifest = json.loads(archive.read(MANIFEST))
    row = release_row(lines, draft.slug)
    assert row["updated_at"] == moment.isoformat()
    assert row["version"] == 7
    assert row["status"] == "draft"
    assert row["sources"] == ["mission-in-kosovo"]
    assert "search_vector" not in row
    assert manifest["format_version"] == 2
    assert manifest["migrations"]["releases"]
    stored = [*Image.objects.values_list("file", flat=True)]
    stored += Attachment.objects.values_list("file", flat=True)
    assert set(manifest["members"]) == {s.member for s in SECTIONS} | {
        f"media/{name}" for name in stored
    }
    empty_content()
    call_command("import_content", str(path), verbosity=0)
    restored = PressRelease.objects.get(slug=draft.slug)
    assert (restored.updated_at, restored.version) == (moment, 7)
