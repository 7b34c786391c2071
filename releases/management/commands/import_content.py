"""Load an archive written by export_content into an empty database.

Everything is checked before the first write: the archive opens, its manifest is known,
its members are the kind export_content writes and every SHA-256 matches, every line is
JSON of a bounded size, every row has every field, passes the model's full_clean() (the
admin's rules: choices, lengths, dates, cross-field checks) and its references resolve,
every image has a name the site gives and passes the upload's format and pixel checks,
and every document passes the attachment upload's content checks. Then all rows go in
within one transaction (bodies through the same sanitiser as PressRelease.save()), the
library's images with their renditions and crops and the documents are written, and any
failure
rolls the database back and removes the files written so far.
"""

import contextlib
import datetime
import hashlib
import io
import time
from dataclasses import dataclass, field
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand, CommandError
from django.core.management.color import no_style
from django.db import DatabaseError, connection, transaction
from django.db.migrations.loader import MigrationLoader
from django.db.models import FileField
from django.db.models.fields.files import FieldFile
from django.utils import timezone

from osce_site.cache import TAXONOMY, bump
from releases import search
from releases.changes import record
from releases.documents import check_document
from releases.images import (
    FORMATS,
    STORED_NAME,
    WIDTHS,
    check_stored_image,
    crop_name,
    crop_specs,
    make_crops,
    make_renditions,
    rendition_name,
    rendition_widths,
)
from releases.library import ATTACHMENT_NAME
from releases.models import Attachment, Image, PressRelease
from releases.translations import sync_all

from .export_content import (
    BLOCK,
    CHUNK,
    MEDIA_PREFIX,
    SECTIONS,
    USERS,
    check_members,
    chunked,
    iter_rows,
    media_member,
    open_archive,
    read_manifest,
)


@dataclass
class Plan:
    """What validation found: natural key -> pk for each section, and the images."""

    lookups: dict
    images: list = field(default_factory=list)  # (name, size, focal, already in storage)
    documents: list = field(default_factory=list)  # (name, already in storage)
    unlinked_users: int = 0


class Command(BaseCommand):
    help = (
        "Load an archive written by export_content into an empty database: validate "
        "everything, then load it in one transaction, keeping primary keys (so URLs stay "
        "the same), restoring lead images and regenerating their renditions."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="Archive written by export_content.")

    def handle(self, *args, path, **options):
        self.started = time.monotonic()
        self.verbosity = options["verbosity"]
        path = Path(path).expanduser()
        try:
            refuse_content()
        except DatabaseError as error:
            raise CommandError(
                f"The database is not ready ({error}): run `manage.py migrate` first."
            ) from error
        with open_archive(path) as archive:
            manifest = read_manifest(archive)
            check_members(archive, manifest)
            check_schema(manifest)
            self.progress("archive checked")
            plan = Validator(archive, manifest).run()
            self.progress("rows validated")
            self.load(archive, plan)
        if self.verbosity:
            self.report(path, manifest, plan, time.monotonic() - self.started)

    def report(self, path, manifest, plan, elapsed):
        counts = manifest["counts"]
        listed = ", ".join(f"{counts[s.name]:,} {s.label}" for s in SECTIONS)
        self.stdout.write(
            f"{listed}; {len(plan.images):,} image files (renditions and crops regenerated), "
            f"{len(plan.documents):,} documents."
        )
        if plan.unlinked_users:
            self.stdout.write(
                f"{plan.unlinked_users:,} created-by/updated-by references name users this "
                "database does not have; they were left empty."
            )
        if manifest.get("missing_media"):
            self.stdout.write(
                f"{len(manifest['missing_media'])} image(s) were already missing at export "
                "and are still missing."
            )
        size = path.stat().st_size
        self.stdout.write(
            self.style.SUCCESS(f"Imported {path} ({size:,} bytes) in {elapsed:.1f} s.")
        )

    def progress(self, message):
        if self.verbosity > 1:
            self.stdout.write(f"  {time.monotonic() - self.started:6.1f} s  {message}")

    def load(self, archive, plan):
        written = []
        try:
            with transaction.atomic():
                refuse_content()  # again, now inside the transaction
                for section in SECTIONS:
                    load_section(archive, section, plan)
                    self.progress(f"{section.label} loaded")
                # The write rule of every path: translations share their original's
                # relations and date (an archive made by export_content already agrees).
                sync_all()
                models = [s.model for s in SECTIONS] + [
                    s.model._meta.get_field(name).remote_field.through
                    for s in SECTIONS
                    for name in s.m2m
                ]
                if search.uses_postgres():
                    PressRelease.objects.update(search_vector=search.search_vector())
                    reset_sequences(models)
                    self.progress("search vectors and sequences set")
                connection.check_constraints(table_names=[m._meta.db_table for m in models])
                self.progress("constraints checked")
                restore_media(archive, plan, written)
                self.progress("media restored")
                record()
                bump(TAXONOMY)
        except BaseException as error:
            remove(written)
            if isinstance(error, CommandError):
                raise
            if isinstance(error, Exception):
                raise CommandError(
                    f"Import failed and was rolled back; the database is unchanged. "
                    f"Cause: {type(error).__name__}: {error}"
                ) from error
            raise


def refuse_content():
    found = [
        f"{count:,} {s.label}" for s in SECTIONS if (count := s.model._default_manager.count())
    ]
    if found:
        raise CommandError(
            f"The database already has content ({', '.join(found)}). import_content only "
            "loads into an empty database: restore into a freshly migrated one."
        )


def check_schema(manifest):
    """The archive's migrations must exist here and be applied to this database."""
    loader = MigrationLoader(connection)
    heads = manifest.get("migrations")
    if not isinstance(heads, dict):
        raise CommandError("The manifest lacks the migration heads of the exporting site.")
    for app, names in sorted(heads.items()):
        names = names if isinstance(names, list) else [names]
        if not all(isinstance(name, str) for name in names):
            raise CommandError(
                f"The manifest's migration heads for {app} are not migration names: "
                f"{quoted(names)}."
            )
        for name in names:
            if (app, name) not in loader.graph.nodes:
                raise CommandError(
                    f"The archive was made with migration {app}.{name}, which this code does "
                    "not have: restore with the same or a newer version of the site."
                )
            if (app, name) not in loader.applied_migrations:
                raise CommandError(
                    f"This database lacks migration {app}.{name}: run `manage.py migrate` first."
                )


class Validator:
    """Reads every row once, without writing, and fails on the first problem."""

    def __init__(self, archive, manifest):
        self.archive, self.manifest = archive, manifest
        user = get_user_model()
        users = dict(user._default_manager.values_list(user.USERNAME_FIELD, "pk"))
        self.plan = Plan(lookups={USERS: users})

    def run(self):
        for section in SECTIONS:
            self.section(section)
        self.images()
        return self.plan

    def section(self, section):
        lookup = self.plan.lookups.setdefault(section.name, {})
        ids, count = set(), 0
        unique = {f.attname: set() for f in section.fields() if f.unique and not f.primary_key}
        # clean() may walk a reference to its own section (a structure's parent chain):
        # those rows are not in the database yet, so it walks these instead.
        own = {name for name, target in section.refs.items() if target == section.name}
        built = {}
        for number, row in iter_rows(self.archive, section.member):
            where = f"{section.member} line {number}"
            values, _m2m, unlinked = decode(section, row, self.plan.lookups, where)
            self.plan.unlinked_users += unlinked
            pk = values.get("id")
            if pk is None or pk in ids:
                raise CommandError(f"{where}: missing or repeated id {pk!r}.")
            ids.add(pk)
            for attname, seen in unique.items():
                if values[attname] is None:
                    continue
                if values[attname] in seen:
                    raise CommandError(f"{where}: {attname} {quoted(values[attname])} is repeated.")
                seen.add(values[attname])
            obj = build(section, values)
            for name in own:
                target = getattr(obj, section.model._meta.get_field(name).attname)
                if target is not None:
                    setattr(obj, name, built[target])
            full_clean(section, obj, where)
            if own:
                built[pk] = obj
            if section.key:
                key = row.get(section.key)
                if not isinstance(key, str) or not key:
                    raise CommandError(f"{where}: {section.key} must be a non-empty string.")
                if key in lookup:
                    raise CommandError(f"{where}: {section.key} {key!r} appears twice.")
                lookup[key] = pk
            if section.model is Image:
                size = (values.get("width"), values.get("height"))
                focal = (values.get("focal_x"), values.get("focal_y"))
                self.plan.images.append((values["file"], size, focal, where))
            elif section.model is Attachment:
                self.plan.documents.append((values["file"], values.get("kind"), where))
            count += 1
        expected = self.manifest["counts"].get(section.name)
        if count != expected:
            raise CommandError(
                f"{section.member} has {count} rows but the manifest says {expected}: "
                "the archive is inconsistent."
            )

    def images(self):
        members = set(self.manifest["members"])
        missing = set(self.manifest.get("missing_media") or ())
        storage = Image._meta.get_field("file").storage
        checked, documents, seen = [], [], set()
        for name, size, focal, where in self.plan.images:
            seen.add(name)
            if not STORED_NAME.fullmatch(name):
                raise CommandError(
                    f"{where}: image {quoted(name)} is not a name the site gives images "
                    "(releases/YYYY/MM/<32 hex digits>.jpg, .png or .webp)."
                )
            if name in missing:
                continue
            member = self.member(name, where)
            self.check_image(name, member, where)
            checked.append((name, size, focal, self.present(storage, name, member)))
        for name, kind, where in self.plan.documents:
            if not ATTACHMENT_NAME.fullmatch(name) or name in seen:
                raise CommandError(
                    f"{where}: document {quoted(name)} is not a name the site gives documents "
                    "(attachments/YYYY/MM/<32 hex digits>.pdf, .docx, .odt, .xlsx or .csv)."
                )
            seen.add(name)
            if name in missing:
                continue
            member = self.member(name, where)
            try:
                found = check_document(io.BytesIO(self.archive.read(member)))
            except ValidationError as error:
                raise CommandError(
                    f"{where}: document {name}: {' '.join(error.messages)}"
                ) from None
            if found != kind or not name.endswith(f".{kind}"):
                raise CommandError(f"{where}: document {name} holds a {found} file, not {kind}.")
            documents.append((name, self.present(storage, name, member)))
        if unused := sorted(
            name[len(MEDIA_PREFIX) :]
            for name in members
            if name.startswith(MEDIA_PREFIX) and name[len(MEDIA_PREFIX) :] not in seen
        ):
            raise CommandError(
                f"The archive holds media/{unused[0]}, which is no library image or "
                "attachment: export_content writes only those. The archive was altered."
            )
        self.plan.images, self.plan.documents = checked, documents

    def member(self, name, where):
        member = media_member(name)
        if member not in self.manifest["members"]:
            raise CommandError(f"{where}: the file {name} is not in the archive.")
        return member

    def present(self, storage, name, member):
        """Whether storage holds the file already (the same bytes), refusing a different
        file under that name."""
        try:
            present = storage.exists(name)
            listed = self.manifest["members"][member]["sha256"]
            differs = present and sha256_of(storage, name) != listed
        except OSError as error:
            raise CommandError(f"Media storage cannot read {name}: {error}.") from error
        if differs:
            raise CommandError(
                f"Media storage already holds a different {name}. Restore into empty "
                "media storage, or move that file away first."
            )
        return present

    def check_image(self, name, member, where):
        """The upload's rules (format, pixel cap, structure) on the bytes to be restored;
        the member's size was checked against the upload limit before it is read."""
        try:
            check_stored_image(io.BytesIO(self.archive.read(member)), name)
        except ValidationError as error:
            raise CommandError(f"{where}: image {name}: {' '.join(error.messages)}") from None


def build(section, values):
    """An unsaved instance of decoded values, without touching media storage."""
    values = dict(values)
    files = {
        f.attname: values.pop(f.attname)
        for f in section.fields()
        if isinstance(f, FileField) and f.attname in values
    }
    obj = section.model(**values)
    # Set past the descriptor: an ImageField given a name with its dimensions empty
    # would open the file (not restored yet) to measure it. The stored values go back
    # exactly as they were.
    obj.__dict__.update(files)
    return obj


def full_clean(section, obj, where):
    """The model's own validation, as the admin runs it: field values, choices, lengths,
    clean() and check constraints. References were resolved by decode(); uniqueness
    within the archive is checked by the caller and against the (empty) database by its
    constraints; image files by Validator.images()."""
    exclude = [*section.refs, *(f.name for f in section.fields() if isinstance(f, FileField))]
    try:
        obj.full_clean(exclude=exclude, validate_unique=False)
    except ValidationError as error:
        problems = "; ".join(
            f"{'row' if name == NON_FIELD_ERRORS else name}: {' '.join(messages)}"
            for name, messages in error.message_dict.items()
        )
        raise CommandError(f"{where}: {shorten(problems, 300)}") from None


def quoted(value):
    """A value for a message: an altered archive may hold megabytes in one field."""
    return shorten(repr(value), 80)


def shorten(text, limit):
    return text if len(text) <= limit else f"{text[: limit - 1]}…"


def decode(section, row, lookups, where):
    """Model field values (by attname), {m2m name: [pks]}, and how many user references
    were left empty because the user does not exist here."""
    if not isinstance(row, dict):
        raise CommandError(f"{where}: expected a JSON object.")
    fields = {f.name: f for f in section.fields()}
    if unknown := sorted(set(row) - set(fields) - set(section.m2m)):
        raise CommandError(
            f"{where}: unknown field(s) {shorten(', '.join(unknown), 200)} for "
            f"{section.label}; the archive was made with a different version of the site."
        )
    # export_content writes every field: a row without one was altered, and the model's
    # default (now, for publish_at) would make up a value. A field added in a later
    # version needs the value older archives imply here.
    if missing := sorted((set(fields) | set(section.m2m)) - set(row)):
        raise CommandError(f"{where}: the row lacks {', '.join(missing)}.")
    values, m2m, unlinked = {}, {}, 0
    for name, value in row.items():
        if name in section.m2m:
            target = lookups[section.m2m[name]]
            if not isinstance(value, list) or not all(isinstance(k, str) for k in value):
                raise CommandError(f"{where}: {name} must be a list of keys (strings).")
            if absent := [key for key in value if key not in target]:
                raise CommandError(
                    f"{where}: {name} refers to {section.m2m[name].replace('_', ' ')} "
                    f"{', '.join(map(repr, absent))}, which the archive does not have."
                )
            m2m[name] = [target[key] for key in value]
            continue
        model_field = fields[name]
        if value is None:
            if not model_field.null:
                raise CommandError(f"{where}: {name} may not be empty (null).")
            values[model_field.attname] = None
        elif name in section.refs:
            target_name = section.refs[name]
            target = lookups[target_name]
            if not isinstance(value, str):
                raise CommandError(f"{where}: {name} must be a key (a string), not {value!r}.")
            if value in target:
                values[model_field.attname] = target[value]
            elif target_name == USERS:
                values[model_field.attname] = None
                unlinked += 1
            else:
                hint = " (or it is listed after this row)" if target_name == section.name else ""
                raise CommandError(
                    f"{where}: {name} refers to {target_name.replace('_', ' ')} {value!r}, "
                    f"which the archive does not have{hint}."
                )
        else:
            values[model_field.attname] = to_python(model_field, value, where)
    return values, m2m, unlinked


def json_type(model_field):
    """The JSON type export_content writes for a field: encode() gives dates and times
    as ISO strings."""
    kind = model_field.get_internal_type()
    if kind == "JSONField":  # names in other languages
        return dict, "a JSON object"
    if kind == "BooleanField":
        return bool, "true or false"
    if kind.endswith(("IntegerField", "AutoField")):
        return int, "a whole number"
    return str, "a string"


def to_python(model_field, value, where):
    expected, described = json_type(model_field)
    # bool is an int in Python, but true is no id and 1 is no yes/no.
    if not isinstance(value, expected) or isinstance(value, bool) != (expected is bool):
        raise CommandError(f"{where}: {model_field.name} must be {described}, not {quoted(value)}.")
    try:
        python = model_field.to_python(value)
    except ValidationError as error:
        raise CommandError(f"{where}: {model_field.name}: {' '.join(error.messages)}") from error
    except (TypeError, ValueError, OverflowError) as error:
        raise CommandError(
            f"{where}: {model_field.name}: {quoted(value)} is no valid value."
        ) from error
    if isinstance(python, datetime.datetime) and timezone.is_naive(python):
        raise CommandError(
            f"{where}: {model_field.name}: {quoted(value)} lacks its UTC offset; "
            "export_content writes times with one."
        )
    return python


def load_section(archive, section, plan):
    model = section.model
    stamped = [
        f
        for f in section.fields()
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
    ]
    for batch in chunked(iter_rows(archive, section.member), CHUNK):
        objects, relations = [], []
        for number, row in batch:
            values, m2m, _unlinked = decode(
                section, row, plan.lookups, f"{section.member} line {number}"
            )
            obj = build(section, values)
            if model is PressRelease:
                obj.sanitise()  # what save() does to every body, whatever the archive holds
            objects.append(obj)
            relations.append(m2m)
        stamps = [[getattr(obj, f.attname) for f in stamped] for obj in objects]
        # bulk_create: no save() (its HTML rule is applied above; the search vector and
        # renditions are made below), no signals, no history records.
        model._default_manager.bulk_create(objects)
        if stamped:
            restore_stamps(model, stamped, objects, stamps)
        link(section, objects, relations)


def restore_stamps(model, stamped, objects, stamps):
    """An insert sets auto_now(_add) fields to now; put the archived times back. Plain
    executemany: bulk_update's CASE expressions cost more than the rest of the import."""
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(f.column)} = %s" for f in stamped)
    # Reviewed: only quoted table and column names from the model are interpolated;
    # every value travels as a parameter.
    table, pk = quote(model._meta.db_table), quote(model._meta.pk.column)
    sql = f"UPDATE {table} SET {assignments} WHERE {pk} = %s"  # noqa: S608  # nosec B608
    params = [
        [f.get_db_prep_value(value, connection) for f, value in zip(stamped, values, strict=True)]
        + [obj.pk]
        for obj, values in zip(objects, stamps, strict=True)
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


def link(section, objects, relations):
    for name in section.m2m:
        m2m = section.model._meta.get_field(name)
        through = m2m.remote_field.through
        source = f"{m2m.m2m_field_name()}_id"
        other = f"{m2m.m2m_reverse_field_name()}_id"
        through.objects.bulk_create(
            [
                through(**{source: obj.pk, other: pk})
                for obj, m2m_pks in zip(objects, relations, strict=True)
                for pk in m2m_pks.get(name, ())
            ]
        )


def reset_sequences(models):
    # Rows came in with their own ids; the next id a sequence hands out must be past them.
    statements = connection.ops.sequence_reset_sql(no_style(), models)
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def restore_media(archive, plan, written):
    """Originals under their stored names (URLs unchanged), then fresh renditions and
    crops; documents under their stored names."""
    image_field = Image._meta.get_field("file")
    storage = image_field.storage
    for name, size, focal, present in plan.images:
        width = size[0] or max(WIDTHS)
        made = {
            rendition_name(name, w, extension)
            for w in {*WIDTHS, *rendition_widths(width)}
            for extension in FORMATS
        }
        if all(size):
            made |= {
                crop_name(name, focal, out, extension)
                for _ratio, out, extensions in crop_specs(size, focal)
                for extension in extensions
            }
        restore_file(archive, storage, name, present, written)
        written.extend(sorted(made))
        try:
            make_renditions(FieldFile(None, image_field, name))
            if all(size):
                make_crops(storage, name, size, focal)
        except Exception as error:
            raise CommandError(
                f"The renditions of {name} could not be made ({error}); the import was rolled back."
            ) from error
    for name, present in plan.documents:
        restore_file(archive, storage, name, present, written)


def restore_file(archive, storage, name, present, written):
    if present:
        return
    written.append(name)
    saved = storage.save(name, ContentFile(archive.read(media_member(name))))
    if saved != name:
        written.append(saved)
        raise CommandError(f"Storage saved {name} as {saved}; URLs would change.")


def remove(names):
    if not names:
        return
    storage = Image._meta.get_field("file").storage
    for name in names:
        with contextlib.suppress(Exception):  # best effort: the database is what matters
            if storage.exists(name):
                storage.delete(name)


def sha256_of(storage, name):
    digest = hashlib.sha256()
    with storage.open(name, "rb") as handle:
        for block in iter(lambda: handle.read(BLOCK), b""):
            digest.update(block)
    return digest.hexdigest()
