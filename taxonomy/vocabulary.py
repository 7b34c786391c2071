"""Every vocabulary term as plain data, in one language, cached until the taxonomy
changes.

The menu, the newsroom's filter choices and its facet labels all read from here, so a
warm page spends no query on them and a cold one spends two. Each language has its own
copy (names in that language, countries sorted by their names in it); the curated order
of fields, meetings and offices is the same in every language."""

from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.db.models import BigIntegerField, CharField, F, IntegerField, JSONField, Value
from django.db.models.functions import Cast
from django.utils import translation

from countries.models import Chairpersonship, Country
from osce_site.cache import TAXONOMY, version

from .languages import cldr_territory, collation_key, current_language, localized
from .models import FieldOfWork, MeetingType, Structure

TIMEOUT = 24 * 60 * 60


@dataclass(frozen=True)
class Term:
    pk: int
    slug: str
    name: str
    url: str
    group: str = ""


@dataclass(frozen=True)
class Office(Term):
    parent_id: int | None = None
    kind: str = ""
    closed: bool = False
    host_id: int | None = None
    display_name: str = ""  # the public name as a source ("OSCE Mission in Kosovo")


@dataclass
class Vocabulary:
    language: str = ""
    fields: list = field(default_factory=list)
    meetings: list = field(default_factory=list)
    countries: list = field(default_factory=list)
    structures: list = field(default_factory=list)
    chairs: dict = field(default_factory=dict)  # year -> country pk

    def subtree_ids(self, root_ids):
        """The given structure pks and every structure below them."""
        children = {}
        for office in self.structures:
            children.setdefault(office.parent_id, []).append(office.pk)
        found, stack = set(), list(root_ids)
        while stack:
            pk = stack.pop()
            if pk not in found:
                found.add(pk)
                stack.extend(children.get(pk, []))
        return found

    def ancestors(self):
        """(structure pk, pk of itself or an ancestor) pairs, for counting a release
        under every office above its source."""
        parents = {office.pk: office.parent_id for office in self.structures}
        pairs = []
        for pk in parents:
            node = pk
            while node is not None:
                pairs.append((pk, node))
                node = parents.get(node)
        return pairs


# This process's copies of the current vocabulary, one per language: unpickling one
# from the cache cost about 0.75 ms a call, several calls a request. Keyed by the
# version stamp, so a taxonomy change anywhere (the stamp is shared) is seen on the
# next call.
_in_process = {}


def vocabulary(language=None):
    """The current vocabulary in `language` (the active one by default). Callers treat
    it as read-only: it is shared by every request this process serves until the
    taxonomy changes."""
    language = current_language(language)
    stamp = version(TAXONOMY)
    key = f"vocabulary:{stamp}:{language}"
    data = _in_process.get(key)
    if data is None:
        data = cache.get(key)
        if data is None:
            data = load_vocabulary(language)
            cache.set(key, data, TIMEOUT)
        if any(not k.startswith(f"vocabulary:{stamp}:") for k in _in_process):
            _in_process.clear()
        _in_process[key] = data
    return data


def _rows(queryset, section, **columns):
    defaults = {
        "section": Value(section, output_field=CharField()),
        "pk_": F("pk"),
        "slug_": F("slug"),
        "name_": F("name"),
        "grp": Value("", output_field=CharField()),
        "number": Value(0, output_field=IntegerField()),
        "sort": F("name"),
        # Typed NULLs: PostgreSQL matches the UNION's column types by the first branch.
        "parent_": Cast(Value(None), output_field=BigIntegerField()),
        "host_": Cast(Value(None), output_field=BigIntegerField()),
        "closed_": Cast(Value(None), output_field=IntegerField()),
        "names_": F("names"),
        # A country's ISO code, a structure's English public name.
        "extra_": Value("", output_field=CharField()),
        "public_names_": Cast(Value(None), output_field=JSONField()),
    }
    defaults.update(columns)
    return queryset.order_by().annotate(**defaults).values_list(*defaults)


def load_vocabulary(language=None):
    """One query: a UNION of fields, meeting types, countries, chairpersonships and
    structures, each in its display order; names in `language` (the active one by
    default), countries sorted by them."""
    language = current_language(language)
    empty = Value("", output_field=CharField())
    rows = (
        _rows(FieldOfWork.objects.all(), "field", number=F("order"))
        .union(
            _rows(MeetingType.objects.all(), "meeting", number=F("order")),
            _rows(
                Country.objects.all(),
                "country",
                grp=F("group"),
                sort=F("sort_name"),
                extra_=F("iso_code"),
            ),
            _rows(
                Chairpersonship.objects.all(),
                "chair",
                pk_=F("country_id"),
                slug_=empty,
                name_=empty,
                number=F("year"),
                sort=empty,
                names_=Cast(Value(None), output_field=JSONField()),
            ),
            _rows(
                Structure.objects.all(),
                "structure",
                grp=F("kind"),
                number=F("order"),
                parent_=F("parent_id"),
                host_=F("host_country_id"),
                closed_=F("closed_in"),
                extra_=F("public_name"),
                public_names_=F("public_names"),
            ),
            all=True,
        )
        .order_by("section", "number", "sort")
    )
    data = Vocabulary(language=language)
    # Names and URLs in that language (a language's URLs carry its prefix).
    with translation.override(language):
        for row in rows:
            _add(data, row, language)
    if language != settings.LANGUAGE_CODE:
        # In the default language the sort name orders them ("The Netherlands" among
        # the N); in the others, the name in that language (stable: ties keep it).
        data.countries.sort(key=lambda term: collation_key(term.name))
    return data


def _add(data, row, language):
    """One row of load_vocabulary()'s query into `data`, named in `language`."""
    section, pk, slug, name, group, number, _sort, parent, host, closed = row[:10]
    names, extra, public_names = row[10:]
    if section == "field":
        name = localized(names, name, language)
        data.fields.append(Term(pk, slug, name, FieldOfWork(slug=slug).get_absolute_url()))
    elif section == "meeting":
        name = localized(names, name, language)
        data.meetings.append(Term(pk, slug, name, MeetingType(slug=slug).get_absolute_url()))
    elif section == "country":
        # `extra` is the ISO code: CLDR's name unless an editor's override.
        standard = name if language == settings.LANGUAGE_CODE else cldr_territory(language, extra)
        name = localized(names, standard or name, language)
        data.countries.append(Term(pk, slug, name, Country(slug=slug).get_absolute_url(), group))
    elif section == "structure":
        # `extra` is the English public name ("OSCE Mission in Kosovo").
        public = localized(public_names, localized(names, extra or name, language), language)
        name = localized(names, name, language)
        url = Structure(slug=slug).get_absolute_url()
        closed = closed is not None
        data.structures.append(
            Office(pk, slug, name, url, group, parent, group, closed, host, public)
        )
    else:
        data.chairs[number] = pk
