"""What the newsroom listing shows around its results: facet counts, active-filter
chips, the filter in words, and canonical URLs."""

from collections.abc import Sequence
from urllib.parse import urlencode

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from taggit.models import Tag

from taxonomy.vocabulary import vocabulary

from . import engine, search
from .filters import PressReleaseFilter, Sort
from .models import PressRelease
from .translations import current_language

LIST_PARAMS = ["type", "field", "country", "source", "meeting", "tag"]
TAG_FACET_SIZE = 15


def canonical_query(data, *, exclude=(), page=1):
    """The one query string for a filter: sorted keys, sorted values, nothing empty."""
    pairs = []
    for key in sorted(data):
        if key in exclude:
            continue
        value = data[key]
        if key in LIST_PARAMS:
            pairs.extend((key, v) for v in sorted(set(value or [])))
        elif key in ("from", "to") and value:
            pairs.append((key, value.isoformat()))
        elif key == "sort" and value and value != Sort.NEWEST or key == "q" and value:
            pairs.append((key, value))
    if page > 1:
        pairs.append(("page", str(page)))
    pairs.sort(key=lambda pair: pair[0])
    return urlencode(pairs)


def term_labels(data=None):
    """{facet: {value: label}} for the vocabularies (in the active language), and for
    the tags selected in `data` (tags are not in the cached vocabulary: there may be
    many, and only a few are ever selected at once)."""
    terms = vocabulary()
    return {
        "type": dict(PressRelease.ReleaseType.choices),
        "field": {t.slug: t.name for t in terms.fields},
        "country": {t.slug: t.name for t in terms.countries},
        "source": {t.slug: t.name for t in terms.structures},
        "meeting": {t.slug: t.name for t in terms.meetings},
        "tag": tag_names((data or {}).get("tag") or []),
    }


def tag_names(slugs):
    """{slug: name} of the given tag slugs (read when the filter validated them)."""
    if not slugs:
        return {}
    if getattr(slugs, "names", None) is not None:
        return slugs.names
    return dict(Tag.objects.filter(slug__in=list(slugs)).values_list("slug", "name"))


def describe(data, *, exclude=()):
    """The filter in words, as a list of short phrases."""
    labels = term_labels(data)
    words = []
    for key in LIST_PARAMS:
        if key in exclude:
            continue
        for value in data.get(key) or []:
            words.append(labels.get(key, {}).get(value, value))
    if data.get("q"):
        words.append(f"“{data['q']}”")
    if data.get("from"):
        words.append(_("from %(date)s") % {"date": date_format(data["from"])})
    if data.get("to"):
        words.append(_("to %(date)s") % {"date": date_format(data["to"])})
    return words


def active_filter_count(data, *, exclude=()):
    """How many values narrow the listing besides the search words: each chosen term
    and each date bound (what the newsroom's "Filter" disclosure holds)."""
    count = sum(len(data.get(key) or []) for key in LIST_PARAMS if key not in exclude)
    return count + sum(1 for key in ("from", "to") if data.get(key))


def chips(data, *, exclude=(), path=""):
    """One removable chip per active value, each linking to the filter without it."""
    labels = term_labels(data)
    found = []
    for key in [*LIST_PARAMS, "q", "from", "to"]:
        if key in exclude or not data.get(key):
            continue
        values = data[key] if key in LIST_PARAMS else [data[key]]
        for value in values:
            remaining = dict(data)
            if key in LIST_PARAMS:
                remaining[key] = [v for v in values if v != value]
            else:
                remaining[key] = None
            if key in LIST_PARAMS:
                label = labels.get(key, {}).get(value, value)
            elif key == "q":
                label = f"“{value}”"
            else:
                label = (_("From %(date)s") if key == "from" else _("To %(date)s")) % {
                    "date": date_format(value)
                }
            query = canonical_query(remaining, exclude=exclude)
            found.append({"label": label, "url": f"{path}?{query}" if query else path})
    return found


def selection(filterset: PressReleaseFilter):
    """The listing engine's evaluation of a valid filter (releases.engine), in the
    current language; one per request, shared by the count, the page and the facets."""
    if getattr(filterset, "_selection", None) is None:
        filterset._selection = engine.select(
            filterset.form.cleaned_data,
            language=current_language(),
            matching_ids=search.matching_ids,
        )
    return filterset._selection


def forget_selection(filterset: PressReleaseFilter):
    """Drop the filter's Selection (its masks: about a megabyte at 100,000 releases) once
    the page is rendered. A FilterSet is in a reference cycle (each filter names its
    parent), freed only when the cycle collector next runs: kept on it, the masks of
    every recent request stayed alive, and a worker's heap grew by 1 to 3 MB a request."""
    filterset._selection = None


class Results(Sequence):
    """The releases a valid filter finds, in its order, for a Paginator: the count and
    the ids of a page come from the engine, the page's cards from the database. Sorted
    by relevance (a search on PostgreSQL), the page is the FilterSet's own ordered query."""

    def __init__(self, filterset, fields):
        self.filterset, self.fields = filterset, fields
        self.count_ = None

    def __len__(self):
        if self.count_ is None:
            self.count_ = selection(self.filterset).count
        return self.count_

    def __getitem__(self, key):
        if not isinstance(key, slice):
            raise TypeError("a page is read by slicing")
        sort = self.filterset.form.cleaned_data.get("sort") or Sort.NEWEST
        if self.filterset.ordering()[0] == "-rank":
            return list(self.filterset.qs.only(*self.fields)[key])
        ids = selection(self.filterset).ids(
            order=Sort.OLDEST if sort == Sort.OLDEST else Sort.NEWEST,
            start=key.start or 0,
            stop=key.stop,
        )
        # published() again: a release unpublished since the index was read is left out.
        found = self.filterset.queryset.only(*self.fields).in_bulk(ids)
        return [found[pk] for pk in ids if pk in found]


def facets(filterset: PressReleaseFilter, *, exclude=()):
    """Each facet's options with the number of published releases that match every
    other active filter."""
    selected_by_name = filterset.form.cleaned_data
    names = [name for name in PressReleaseFilter.FACETS if name not in exclude]
    found = facets_for(names, filterset)
    result = []
    for name in names:
        items, counts = found[name]
        selected = set(selected_by_name.get(name) or [])
        listed = [
            {
                "value": value,
                "label": label,
                "count": counts.get(key, 0),
                "selected": value in selected,
                "depth": depth,
            }
            for key, value, label, depth in items
        ]
        if name == "tag":
            listed += _selected_tags_without_results(listed, selected_by_name.get(name) or [])
        shown = [o for o in listed if o["count"] or o["selected"]]
        more = []
        if name == "tag":
            # The most used tags first; the others behind "Show … more" (all have results).
            more = [o for o in shown[TAG_FACET_SIZE:] if not o["selected"]]
            shown = [o for o in shown if o not in more]
        result.append(
            {
                "name": name,
                "label": filterset.form.fields[name].label,
                "shown": shown,
                "more": more,
                "hidden": [o for o in listed if not (o["count"] or o["selected"])],
            }
        )
    return result


def _selected_tags_without_results(listed, selected):
    """Options for selected tags that no release in the set carries (only tags with
    results are counted), so that they can still be unticked."""
    missing = set(selected) - {option["value"] for option in listed}
    names = tag_names(selected) if missing else {}
    return [
        {"value": slug, "label": names[slug], "count": 0, "selected": True, "depth": 0}
        for slug in sorted(missing, key=lambda slug: (names.get(slug, ""), slug))
        if slug in names
    ]


def facets_for(names, filterset):
    """{name: (options, counts)} for the named facets: options as (count key, value,
    label, depth), counts by count key, each over every active filter but its own."""
    chosen = selection(filterset)
    found = {}
    for name in names:
        counts = chosen.facet_counts(name)
        if name == "tag":
            # Every tag with results, the most used first (facets() shows the first few).
            ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0][1], item[0][0]))
            items = [(slug, slug, label, 0) for (slug, label), _n in ordered]
            found[name] = (items, {slug: n for (slug, _label), n in ordered})
        else:
            found[name] = (_options(name), counts)
    return found


def _options(name):
    """A vocabulary facet's options as (count key, value, label, depth) tuples."""
    terms = vocabulary()
    if name == "type":
        return [(v, v, label, 0) for v, label in PressRelease.ReleaseType.choices]
    if name == "source":
        return [(o.pk, o.slug, o.name, depth) for o, depth in _tree_order(terms.structures)]
    listed = {"field": terms.fields, "country": terms.countries, "meeting": terms.meetings}
    return [(t.pk, t.slug, t.name, 0) for t in listed[name]]


def _tree_order(offices):
    children = {}
    for office in offices:
        children.setdefault(office.parent_id, []).append(office)
    ordered = []

    def walk(parent_id, depth):
        for office in children.get(parent_id, []):
            ordered.append((office, depth))
            walk(office.pk, depth + 1)

    walk(None, 0)
    return ordered
