import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.text import slugify

from countries.models import Chairpersonship, Country
from taxonomy.languages import clean_names
from taxonomy.models import FieldOfWork, MeetingType, Structure

DEFAULT_PATH = Path(__file__).resolve().parents[2] / "data" / "reference.json"

COUNTRY_GROUPS = {
    "participating_states": Country.Group.PARTICIPATING_STATE,
    "asian_partners": Country.Group.ASIAN_PARTNER,
    "mediterranean_partners": Country.Group.MEDITERRANEAN_PARTNER,
}
# Secretariat children carry no kind of their own in the reference file.
CHILD_KIND = {Structure.Kind.SECRETARIAT: Structure.Kind.SECRETARIAT_UNIT}
# Names in the site's other languages ({"fr": "…"}): merged into a row's, not replaced.
NAMES_FIELDS = ("names", "public_names")


class Command(BaseCommand):
    help = (
        "Load the navigation's reference data: fields of work, meeting types, countries, "
        "chairpersonships and the structures tree, with their names in the site's other "
        "languages. Safe to re-run: existing rows are kept as editors left them unless "
        "--update is given (a name in a language a row has none in is added)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--path", type=Path, default=DEFAULT_PATH, help="JSON file to load.")
        parser.add_argument(
            "--update",
            action="store_true",
            help=(
                "Overwrite existing rows with the file's values (names, order, hosts; "
                "names in other languages the file has)."
            ),
        )

    def handle(self, *args, path, update, **options):
        data = self.read(path)
        self.update = update
        self.counts = {"created": 0, "updated": 0, "unchanged": 0}
        try:
            with transaction.atomic():
                self.load_terms(FieldOfWork, data["fields_of_work"])
                self.load_terms(MeetingType, data["meeting_types"])
                countries = self.load_countries(data["countries"])
                self.load_chairpersonships(data["chairpersonships"], countries)
                for order, node in enumerate(data["structures"]):
                    self.load_structure(node, order, parent=None, countries=countries)
        except (KeyError, TypeError, ValueError) as exc:
            raise CommandError(f"{path}: unexpected reference data ({exc!r}).") from exc
        self.stdout.write(
            self.style.SUCCESS(
                "Reference data: {created} created, {updated} updated, "
                "{unchanged} unchanged.".format(**self.counts)
            )
        )

    def read(self, path):
        try:
            return json.loads(Path(path).read_text(encoding="utf-8"))
        except FileNotFoundError as exc:
            raise CommandError(f"No reference data file at {path}.") from exc
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise CommandError(f"{path} is not valid JSON: {exc}") from exc

    def upsert(self, model, lookup, values):
        obj = model.objects.filter(**lookup).first()
        if obj is None:
            obj = model.objects.create(**lookup, **values)
            self.counts["created"] += 1
            return obj
        changes = {}
        for key, value in values.items():
            current = getattr(obj, key)
            if key in NAMES_FIELDS:
                # An editor's name is kept; a language the row has no name in gets the
                # file's. With --update the file's names win.
                merged = {**current, **value} if self.update else {**value, **current}
                if merged != current:
                    changes[key] = merged
            elif current != value and self.update:
                changes[key] = value
        if changes:
            for key, value in changes.items():
                setattr(obj, key, value)
            obj.save()
            self.counts["updated"] += 1
        else:
            self.counts["unchanged"] += 1
        return obj

    def load_terms(self, model, entries):
        for order, entry in enumerate(entries):
            # "Elections", or {"name": "Elections", "names": {"fr": "Élections", …}}.
            if isinstance(entry, str):
                entry = {"name": entry}
            name = entry["name"]
            values = {"name": name, "order": order, "names": names_of(entry, "names")}
            self.upsert(model, {"slug": slugify(name)}, values)

    def load_countries(self, groups):
        by_iso = {}
        for key, group in COUNTRY_GROUPS.items():
            for entry in groups[key]:
                iso = entry["iso"].upper()
                by_iso[iso] = self.upsert(
                    Country,
                    {"iso_code": iso},
                    {
                        "name": entry["name"],
                        "slug": slugify(entry["name"]),
                        "group": group,
                        # Only where the organisation differs from CLDR's names.
                        "names": names_of(entry, "names", max_length=100),
                    },
                )
        return by_iso

    def load_chairpersonships(self, chairs, countries):
        by_name = {c.name: c for c in countries.values()}
        for year, name in chairs.items():
            if name not in by_name:
                raise CommandError(f"Chairpersonship {year}: unknown country {name!r}.")
            self.upsert(Chairpersonship, {"year": int(year)}, {"country": by_name[name]})

    def load_structure(self, node, order, parent, countries):
        kind = node.get("kind") or CHILD_KIND.get(parent.kind if parent else None)
        if kind not in Structure.Kind.values:
            raise CommandError(f"Structure {node.get('name')!r}: unknown kind {kind!r}.")
        host = node.get("host")
        if host and host not in countries:
            raise CommandError(f"Structure {node['name']!r}: unknown host country {host!r}.")
        opened, closed = node.get("active") or (None, None)
        values = {
            "name": node["name"],
            "kind": kind,
            "parent": parent,
            "order": order,
            "short_name": node.get("short", ""),
            "host_country": countries.get(host) if host else None,
            "location": node.get("location", ""),
            "opened_in": opened,
            "closed_in": closed,
            "names": names_of(node, "names"),
            "public_names": names_of(node, "public_names", max_length=220),
        }
        structure = self.upsert(Structure, {"slug": slugify(node["name"])}, values)
        for child_order, child in enumerate(node.get("children", [])):
            self.load_structure(child, child_order, parent=structure, countries=countries)


def names_of(entry, key, max_length=200):
    """An entry's names in other languages, checked as every write path checks them."""
    try:
        return clean_names(entry.get(key) or {}, max_length=max_length)
    except ValidationError as error:
        raise CommandError(f"{entry.get('name')!r}: {' '.join(error.messages)}") from error
