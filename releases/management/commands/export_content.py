"""Write the site's content into one zip archive that import_content restores.

This module also defines the archive format, which import_content reads:

    manifest.json                       format version, software versions, migration
                                        heads, counts, and the SHA-256 of every member
    data/<section>.jsonl                one JSON object per row and line, in pk order
    media/<stored name>                 each library image's original file, under the
                                        name it has in storage (renditions and crops are
                                        regenerated), and each attachment's document

Every row keeps its primary key, so release URLs (/press-releases/<pk>/<slug>/) and admin
links stay the same. References between rows are written as natural keys (ISO code,
slug, tag name, username) rather than pks: the data reads on its own, and a reference
that does not resolve can be named in the error message.
"""

import contextlib
import datetime
import hashlib
import json
import os
import tempfile
import time
import zipfile
import zlib
from collections import defaultdict
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone
from taggit.models import Tag

from countries.models import Chairpersonship, Country
from releases.documents import MAX_DOCUMENT_BYTES
from releases.images import MAX_UPLOAD_BYTES
from releases.models import Attachment, Image, PressRelease, TaggedPressRelease
from taxonomy.models import FieldOfWork, MeetingType, Structure

FORMAT = "osce-newsroom-content"
# 2: lead images in a library of their own (images), attachments.
FORMAT_VERSION = 2
KNOWN_VERSIONS = {2}
MANIFEST = "manifest.json"
MEDIA_PREFIX = "media/"
USERS = "users"  # referred to by username; users themselves are not exported
SKIPPED_FIELDS = {"search_vector"}  # derived from the text; rebuilt on import
APPS = ("countries", "taxonomy", "releases", "taggit")
PACKAGES = ("osce-newsroom", "Django", "django-taggit", "django-simple-history", "Pillow")
CHUNK = 500  # rows per query; also keeps IN (...) lists small for SQLite
BLOCK = 1 << 20
MAX_MANIFEST_BYTES = 10 * 1024 * 1024
# One row per line: far above any real row (a long release is some 50 kB), and low enough
# that reading one line and decoding its JSON stays within a few hundred MB.
MAX_LINE_BYTES = 4 * 1024 * 1024
MAX_IMAGE_BYTES = MAX_UPLOAD_BYTES  # an original is a re-encoded upload
# The sections whose rows name files in media storage, and the field that names them.
FILE_FIELDS = {Image: "file", Attachment: "file"}
# What MemberWriter writes; anything else (encryption, bzip2, lzma, AES) was not made here.
COMPRESSIONS = {zipfile.ZIP_STORED: "stored", zipfile.ZIP_DEFLATED: "deflated"}


@dataclass(frozen=True)
class Section:
    name: str
    model: type
    key: str | None = None  # the natural key other rows use to refer to these rows
    refs: dict = field(default_factory=dict)  # foreign key -> section (or USERS)
    m2m: dict = field(default_factory=dict)  # many-to-many -> section
    elsewhere: tuple = ()  # relations written by another section

    @property
    def member(self):
        return f"data/{self.name}.jsonl"

    @property
    def label(self):
        return self.name.replace("_", " ")

    def fields(self):
        return [f for f in self.model._meta.concrete_fields if f.name not in SKIPPED_FIELDS]

    def check_complete(self):
        """Refuse to run if the model gained a relation this format does not cover."""
        unknown = [f.name for f in self.fields() if f.is_relation and f.name not in self.refs]
        unknown += [
            f.name
            for f in self.model._meta.many_to_many
            if f.name not in self.m2m and f.name not in self.elsewhere
        ]
        if unknown:
            raise CommandError(
                f"The backup format does not cover {self.model.__name__}.{', '.join(unknown)}: "
                "add it to SECTIONS in releases/management/commands/export_content.py."
            )


# In load order: every section refers only to sections above it (structures to
# themselves: parents come first).
SECTIONS = (
    Section("countries", Country, key="iso_code"),
    Section("chairpersonships", Chairpersonship, refs={"country": "countries"}),
    Section("fields_of_work", FieldOfWork, key="slug"),
    Section("meeting_types", MeetingType, key="slug"),
    Section(
        "structures",
        Structure,
        key="slug",
        refs={"parent": "structures", "host_country": "countries"},
    ),
    Section("tags", Tag, key="name"),
    Section("images", Image, key="file", refs={"uploaded_by": USERS}),
    Section(
        "press_releases",
        PressRelease,
        key="slug",
        refs={
            "created_by": USERS,
            "updated_by": USERS,
            "translation_of": "press_releases",
            "lead_image": "images",
        },
        m2m={
            "sources": "structures",
            "fields_of_work": "fields_of_work",
            "countries": "countries",
            "meeting_types": "meeting_types",
        },
        elsewhere=("tags",),
    ),
    Section(
        "tagged_press_releases",
        TaggedPressRelease,
        refs={"tag": "tags", "content_object": "press_releases"},
    ),
    Section("attachments", Attachment, refs={"release": "press_releases"}),
)


def encode(value):
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, dict):  # a JSONField: names in other languages
        return {str(key): encode(item) for key, item in value.items()}
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()  # full precision, with the UTC offset
    return str(value)


def chunked(iterable, size):
    chunk = []
    for item in iterable:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def media_member(name):
    return MEDIA_PREFIX + name


def migration_heads():
    graph = MigrationLoader(None, ignore_no_migrations=True).graph
    return {app: sorted(n for a, n in graph.leaf_nodes() if a == app) for app in APPS}


def package_versions():
    versions = {}
    for package in PACKAGES:
        with contextlib.suppress(metadata.PackageNotFoundError):
            versions[package] = metadata.version(package)
    return versions


# Reading, shared with import_content and the export's own check of what it wrote.


def open_archive(path):
    path = Path(path)
    if not path.exists():
        raise CommandError(f"{path}: no such file.")
    if not path.is_file():
        raise CommandError(f"{path} is not a file.")
    try:
        return zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        with path.open("rb") as handle:
            looks_like_zip = handle.read(4) == b"PK\x03\x04"
        if looks_like_zip:
            raise CommandError(
                f"{path} is a damaged zip archive (truncated, or its end is missing): "
                "it cannot be restored. Use another copy of the backup."
            ) from None
        raise CommandError(
            f"{path} is not a zip archive: not a file written by export_content."
        ) from None
    except OSError as error:
        raise CommandError(f"{path} cannot be read: {error.strerror or error}.") from error


def read_manifest(archive):
    try:
        info = archive.getinfo(MANIFEST)
    except KeyError:
        raise CommandError(f"The archive has no {MANIFEST}: not made by export_content.") from None
    if info.file_size > MAX_MANIFEST_BYTES:
        raise CommandError(f"{MANIFEST} is implausibly large ({info.file_size:,} bytes).")
    try:
        manifest = json.loads(archive.read(MANIFEST).decode("utf-8"))
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError) as error:
        raise CommandError(f"{MANIFEST} cannot be read from the archive: {error}.") from error
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise CommandError(f"{MANIFEST} is not valid JSON: {error}.") from error
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise CommandError(f"{MANIFEST} does not describe a {FORMAT} archive.")
    version = manifest.get("format_version")
    if version not in KNOWN_VERSIONS:
        known = ", ".join(map(str, sorted(KNOWN_VERSIONS)))
        raise CommandError(
            f"Archive format version {version!r} is not supported (this code reads version "
            f"{known}); it was made by different software. Restore it with the version that "
            "wrote it."
        )
    members, counts = manifest.get("members"), manifest.get("counts")
    if not isinstance(members, dict) or not isinstance(counts, dict):
        raise CommandError(f"{MANIFEST} lacks its list of members or counts.")
    missing = manifest.get("missing_media", [])
    if not isinstance(missing, list) or not all(isinstance(name, str) for name in missing):
        raise CommandError(f"{MANIFEST}: missing_media must be a list of image names.")
    return manifest


def check_entries(archive):
    """Refuse, from the directory alone, members that export_content never writes or
    that are too large to read whole: before a byte of them is decompressed."""
    for info in archive.infolist():
        name = info.filename
        if info.flag_bits & 0x1:
            raise CommandError(f"Member {name} is encrypted: export_content never encrypts.")
        if info.compress_type not in COMPRESSIONS:
            raise CommandError(
                f"Member {name} uses compression method {info.compress_type}; export_content "
                f"writes only {' or '.join(COMPRESSIONS.values())} members."
            )
        if info.is_dir():
            raise CommandError(f"Member {name} is a directory: export_content writes files only.")
        if not name.startswith(MEDIA_PREFIX):
            continue
        document = name.startswith(f"{MEDIA_PREFIX}attachments/")
        limit = MAX_DOCUMENT_BYTES if document else MAX_IMAGE_BYTES
        if info.file_size > limit:
            kind = "a document" if document else "a lead image"
            raise CommandError(
                f"Member {name} is {info.file_size:,} bytes; {kind} has at most {limit:,}."
            )


def check_members(archive, manifest):
    """Every member listed and present, nothing extra, and every SHA-256 as listed."""
    check_entries(archive)
    names = [info.filename for info in archive.infolist()]
    if len(names) != len(set(names)):
        raise CommandError("The archive holds the same member twice: it was altered.")
    listed = set(manifest["members"])
    present = set(names) - {MANIFEST}
    if missing := sorted(listed - present):
        raise CommandError(f"The archive lacks {len(missing)} member(s), e.g. {missing[0]}.")
    if extra := sorted(present - listed):
        raise CommandError(f"The archive holds member(s) its manifest does not list: {extra[0]}.")
    for section in SECTIONS:
        if section.member not in listed:
            raise CommandError(f"The archive lacks {section.member}.")
    for name in sorted(listed):
        expected = manifest["members"][name]
        digest = hashlib.sha256()
        try:
            with archive.open(name) as handle:
                for block in iter(lambda h=handle: h.read(BLOCK), b""):
                    digest.update(block)
        except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError) as error:
            raise CommandError(
                f"Member {name} is damaged and cannot be read ({error}): "
                "the archive is corrupt or truncated."
            ) from error
        if not isinstance(expected, dict) or digest.hexdigest() != expected.get("sha256"):
            raise CommandError(
                f"Checksum mismatch for {name}: the archive is damaged or was altered after export."
            )


def iter_rows(archive, member):
    """(line number, decoded JSON value) for each line of a JSON Lines member. A line is
    read up to MAX_LINE_BYTES and refused beyond, never held whole."""
    with archive.open(member) as handle:
        number = 0
        while line := handle.readline(MAX_LINE_BYTES + 1):
            number += 1
            if len(line) > MAX_LINE_BYTES:
                raise CommandError(
                    f"{member} line {number} is longer than {MAX_LINE_BYTES:,} bytes, which "
                    "no row written by export_content is: the archive was altered."
                )
            try:
                yield number, json.loads(line.decode("utf-8"))
            except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as error:
                raise CommandError(f"{member} line {number} is not valid JSON: {error}.") from error


class MemberWriter:
    """A member written in blocks, counting its bytes and lines and hashing them."""

    def __init__(self, archive, name, created, *, compress):
        info = zipfile.ZipInfo(name, date_time=timezone.localtime(created).timetuple()[:6])
        info.compress_type = zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED
        info.external_attr = 0o600 << 16
        self.name, self.handle = name, archive.open(info, "w", force_zip64=True)
        self.digest, self.size, self.lines = hashlib.sha256(), 0, 0

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.handle.close()

    def write(self, data):
        self.handle.write(data)
        self.digest.update(data)
        self.size += len(data)

    def write_row(self, row):
        line = json.dumps(row, ensure_ascii=False, separators=(",", ":")).encode() + b"\n"
        if len(line) > MAX_LINE_BYTES:  # import_content would refuse the archive
            raise CommandError(
                f"{self.name}: the row with id {row.get('id')} takes {len(line):,} bytes, over "
                f"the {MAX_LINE_BYTES:,} an archive allows. Shorten it, then export again."
            )
        self.write(line)
        self.lines += 1

    def summary(self):
        return {"sha256": self.digest.hexdigest(), "size": self.size}


class Command(BaseCommand):
    help = (
        "Write every country, chairpersonship, field of work, meeting type, structure, "
        "press release (drafts included), tag, library image and attachment into one zip "
        "archive at PATH, "
        "for import_content. The file appears only once complete."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="Archive to write, ending in .zip.")
        parser.add_argument("--force", action="store_true", help="Replace an existing file.")

    def handle(self, *args, path, force, **options):
        for section in SECTIONS:
            section.check_complete()
        target = self.target(Path(path).expanduser(), force)
        started = time.monotonic()
        try:
            descriptor, temporary = tempfile.mkstemp(
                dir=target.parent, prefix=f".{target.name}.", suffix=".part"
            )
        except OSError as error:
            raise CommandError(f"Cannot write in {target.parent}: {error.strerror}.") from error
        done = False
        try:
            with os.fdopen(descriptor, "wb") as handle:
                manifest = self.write(handle)
                handle.flush()
                os.fsync(handle.fileno())
            with zipfile.ZipFile(temporary) as archive:  # read back what was written
                check_members(archive, read_manifest(archive))
            os.replace(temporary, target)
            done = True
        except OSError as error:
            raise CommandError(f"Could not write {target}: {error}.") from error
        finally:
            if not done:
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(temporary)
        self.sync_directory(target.parent)
        if options["verbosity"]:
            self.report(target, manifest, time.monotonic() - started)

    def target(self, path, force):
        if path.suffix.lower() != ".zip":
            raise CommandError(f"{path}: the archive is a zip file; give a path ending in .zip.")
        if not path.parent.is_dir():
            raise CommandError(f"Directory {path.parent} does not exist.")
        if path.is_dir():
            raise CommandError(f"{path} is a directory; give a file path inside it.")
        if (path.exists() or path.is_symlink()) and not force:
            raise CommandError(f"{path} already exists; pass --force to replace it.")
        if not os.access(path.parent, os.W_OK | os.X_OK):
            raise CommandError(f"Directory {path.parent} is not writable.")
        return path

    def write(self, handle):
        created = timezone.now().replace(microsecond=0)
        members, counts, images, missing = {}, {}, set(), []
        storage = Image._meta.get_field("file").storage
        with snapshot(), zipfile.ZipFile(handle, "w", allowZip64=True) as archive:
            keys = natural_keys()
            for section in SECTIONS:
                with MemberWriter(archive, section.member, created, compress=True) as writer:
                    for row in rows(section, keys):
                        writer.write_row(row)
                        if section.model in FILE_FIELDS and row[FILE_FIELDS[section.model]]:
                            images.add(row[FILE_FIELDS[section.model]])
                members[section.member] = writer.summary()
                counts[section.name] = writer.lines
            for name in sorted(images):
                if not storage.exists(name):
                    # The page shows a broken image today; the restore will too.
                    self.stderr.write(f"Warning: media file {name} is missing from storage.")
                    missing.append(name)
                    continue
                member = media_member(name)
                with (
                    storage.open(name, "rb") as source,
                    MemberWriter(archive, member, created, compress=False) as writer,
                ):
                    for block in iter(lambda s=source: s.read(BLOCK), b""):
                        writer.write(block)
                members[member] = writer.summary()
            counts["media_files"] = len(images) - len(missing)
            manifest = {
                "format": FORMAT,
                "format_version": FORMAT_VERSION,
                "created_at": created.isoformat(),
                "database": connection.vendor,
                "software": package_versions(),
                "migrations": migration_heads(),
                "counts": counts,
                "missing_media": missing,
                "members": members,
            }
            info = zipfile.ZipInfo(MANIFEST, date_time=timezone.localtime(created).timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            archive.writestr(info, json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")
        return manifest

    def sync_directory(self, directory):
        # The rename is durable only once the directory entry is on disk.
        with contextlib.suppress(OSError):
            descriptor = os.open(directory, os.O_RDONLY)
            try:
                os.fsync(descriptor)
            finally:
                os.close(descriptor)

    def report(self, target, manifest, elapsed):
        counts = manifest["counts"]
        size = target.stat().st_size
        listed = ", ".join(f"{counts[s.name]:,} {s.label}" for s in SECTIONS)
        self.stdout.write(f"{listed}, {counts['media_files']:,} media files.")
        self.stdout.write(
            self.style.SUCCESS(
                f"Exported to {target}: {size:,} bytes ({size / 1_000_000:.1f} MB) "
                f"in {elapsed:.1f} s."
            )
        )


@contextlib.contextmanager
def snapshot():
    """One transaction, so the archive is a consistent picture even while editors work;
    on PostgreSQL a repeatable-read one, which sees the database as at its first query."""
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if outermost and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield


def natural_keys():
    """{section or USERS: {pk: natural key}} for everything that is referred to."""
    keys = {
        s.name: dict(s.model._default_manager.values_list("pk", s.key)) for s in SECTIONS if s.key
    }
    user = get_user_model()
    keys[USERS] = dict(user._default_manager.values_list("pk", user.USERNAME_FIELD))
    return keys


def rows(section, keys):
    # values(), not model instances: the stored values exactly, and no per-row side
    # effects (an ImageField with empty dimensions opens its file on every instance).
    fields = section.fields()
    queryset = section.model._default_manager.order_by("pk").values(*[f.attname for f in fields])
    for chunk in chunked(queryset.iterator(chunk_size=CHUNK), CHUNK):
        related = related_keys(section, [values["id"] for values in chunk], keys)
        for values in chunk:
            row = {}
            for model_field in fields:
                value = values[model_field.attname]
                if model_field.name in section.refs:
                    target = keys[section.refs[model_field.name]]
                    row[model_field.name] = None if value is None else target[value]
                else:
                    row[model_field.name] = encode(value)
            for name in section.m2m:
                row[name] = related[name].get(values["id"], [])
            yield row


def related_keys(section, pks, keys):
    """{m2m name: {pk: [natural keys in the order they were added]}} for these rows."""
    found = {}
    for name, target in section.m2m.items():
        m2m = section.model._meta.get_field(name)
        source = f"{m2m.m2m_field_name()}_id"
        other = f"{m2m.m2m_reverse_field_name()}_id"
        pairs = (
            m2m.remote_field.through.objects.filter(**{f"{source}__in": pks})
            .order_by("pk")
            .values_list(source, other)
        )
        by_row = defaultdict(list)
        for pk, related in pairs:
            by_row[pk].append(keys[target][related])
        found[name] = by_row
    return found
