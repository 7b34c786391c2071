"""What the newsroom listing shows around its results: facet counts, active-filter
chips, the filter in words, and canonical URLs."""

import hashlib
from urllib.parse import urlencode

from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models.functions import Coalesce
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from taggit.models import Tag

from taxonomy.vocabulary import vocabulary

from . import caching
from .filters import PressReleaseFilter, Sort
from .models import PressRelease, TaggedPressRelease
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


def facets(filterset: PressReleaseFilter, *, exclude=()):
    """Each facet's options with the number of published releases that match every
    other active filter. Cached per facet (_facet_key); those not cached are computed
    together where they share the set they count (facets_for())."""
    selected_by_name = filterset.form.cleaned_data
    names = [name for name in PressReleaseFilter.FACETS if name not in exclude]
    keys = {name: _facet_key(name, filterset) for name in names}
    found = cache.get_many(list(keys.values()))
    missing = [name for name in names if keys[name] not in found]
    if missing:
        seconds = caching.lifetime()
        computed = facets_for(missing, filterset)
        cache.set_many({keys[name]: computed[name] for name in missing}, seconds)
        found.update({keys[name]: computed[name] for name in missing})
    result = []
    for name in names:
        items, counts = found[keys[name]]
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


def result_count(filterset, queryset):
    """How many releases the filter finds: counting them is the listing's costliest
    query (every published release when nothing is filtered), so it is cached like the
    facet counts."""
    query = canonical_query(filterset.form.cleaned_data)
    digest = hashlib.sha256(query.encode()).hexdigest()[:32]
    # The language too: each language's newsroom counts its own releases.
    key = f"count:{caching.versions()}:{current_language()}:{digest}"
    found = cache.get(key)
    if found is None:
        found = queryset.count()
        cache.set(key, found, caching.lifetime())
    return found


FEW_MATCHES = 5000


def sort_few_matches(queryset):
    """The same order, by expressions no index serves. For a search with few matches
    (a rare word) PostgreSQL otherwise walks the date index from the newest release,
    testing each row, until it has a page: the whole table when the matches are old
    (1 s at 100,000 releases). Now it fetches the matches through the search index and
    sorts them (milliseconds). Many matches keep the index walk, which finds a page
    in the first rows."""
    if connection.vendor != "postgresql":
        return queryset
    order = []
    for name in queryset.query.order_by:
        column = name.lstrip("-") if isinstance(name, str) else None
        if column in ("date", "id"):
            expression = Coalesce(column, column)  # NOT NULL: the value itself
            name = expression.desc() if name.startswith("-") else expression.asc()
        order.append(name)
    return queryset.order_by(*order)


def _facet_key(name, filterset):
    """A facet's options and counts depend only on the *other* filters, so many pages
    share them (every ?field=… page shares the field facet of the unfiltered set).
    Cached under the content and taxonomy versions, never past the next scheduled
    publication."""
    data = filterset.form.cleaned_data
    others = canonical_query({k: v for k, v in data.items() if k != name})
    digest = hashlib.sha256(others.encode()).hexdigest()[:32]
    # The options' labels are in the page's language.
    return f"facet:{name}:{caching.versions()}:{current_language()}:{digest}"


def facets_for(names, filterset):
    """{name: (options, counts)} for the named facets. A facet counts the releases that
    match every active filter but its own, so all the facets whose own filter is not
    active count the same set: they are counted in one query that finds that set once
    (with a full-text search, finding it is most of the cost). A facet whose filter is
    active counts a set of its own, in a query of its own."""
    data = filterset.form.cleaned_data
    shared = [name for name in names if not data.get(name)]
    found = _grouped_facets(shared, filterset) if shared else {}
    for name in names:
        if name not in found:
            found[name] = _count_facet(name, filterset)
    return found


def _count_facet(name, filterset):
    """(options, counts) of one facet."""
    return _grouped_facets([name], filterset)[name]


THROUGH_FACETS = {"field": "fields_of_work", "country": "countries", "meeting": "meeting_types"}


def _options(name):
    """A vocabulary facet's options as (count key, value, label, depth) tuples."""
    terms = vocabulary()
    if name == "type":
        return [(v, v, label, 0) for v, label in PressRelease.ReleaseType.choices]
    if name == "source":
        return [(o.pk, o.slug, o.name, depth) for o, depth in _tree_order(terms.structures)]
    listed = {"field": terms.fields, "country": terms.countries, "meeting": terms.meetings}
    return [(t.pk, t.slug, t.name, 0) for t in listed[name]]


def _tag_options(rows):
    items = [(r["tag__slug"], r["tag__slug"], r["tag__name"], 0) for r in rows]
    return items, {row["tag__slug"]: row["n"] for row in rows}


# The parts of _grouped_facets' query: fixed SQL with quoted identifiers filled in by
# _sql(); every value travels as a parameter.
TYPE_COUNTS = (
    "SELECT 'type', r.release_type, '', COUNT(*) FROM {table} r "
    "JOIN base ON base.id = r.id GROUP BY r.release_type"
)
TERM_COUNTS = (
    "SELECT '{facet}', CAST(t.{target} AS TEXT), '', COUNT(*) FROM {table} t "
    "JOIN base ON base.id = t.{source} GROUP BY t.{target}"
)
SOURCE_COUNTS = (
    "SELECT 'source', CAST(anc.ancestor_id AS TEXT), '', COUNT(DISTINCT t.pressrelease_id) "
    "FROM {table} t JOIN anc ON anc.structure_id = t.structure_id "
    "JOIN base ON base.id = t.pressrelease_id GROUP BY anc.ancestor_id"
)
TAG_COUNTS = (
    "SELECT 'tag', tg.slug, tg.name, COUNT(*) FROM {table} x "
    "JOIN base ON base.id = x.content_object_id JOIN {tags} tg ON tg.id = x.tag_id "
    "GROUP BY tg.slug, tg.name"
)
ANCESTORS = "anc(structure_id, ancestor_id) AS (VALUES %VALUES%)"
# Django's own compiled SQL, with its params. PostgreSQL inlines a CTE used more than
# once unless told otherwise; SQLite materialises it by itself.
BASE = "base(id) AS %MATERIALIZED% (%BASE%)"


def _sql(template, *, facet="", **identifiers):
    """A fixed template with its table and column names quoted (and a facet name from
    THROUGH_FACETS); never a value."""
    if facet not in ("", *THROUGH_FACETS):
        raise ValueError(f"not a facet: {facet!r}")
    quoted = {key: connection.ops.quote_name(value) for key, value in identifiers.items()}
    return template.format(facet=facet, **quoted)


def _grouped_facets(names, filterset):
    """{name: (options, counts)} for facets that count the same set (the releases
    matching every active filter but that of the first name), in one query over that
    set, found once."""
    counts = {name: {} for name in names}
    tag_rows = []
    base = filterset.filter_queryset_except(names[0]).order_by().values("pk")
    try:
        base_sql, base_params = base.query.sql_with_params()
    except EmptyResultSet:
        base_sql = None  # nothing to count
    parts, ctes, params = [], [], []
    for name in names if base_sql else []:
        if name == "type":
            parts.append(_sql(TYPE_COUNTS, table=PressRelease._meta.db_table))
        elif name in THROUGH_FACETS:
            field = PressRelease._meta.get_field(THROUGH_FACETS[name])
            through = field.remote_field.through._meta.db_table
            columns = {"source": field.m2m_column_name(), "target": field.m2m_reverse_name()}
            parts.append(_sql(TERM_COUNTS, facet=name, table=through, **columns))
        elif name == "source":
            pairs = vocabulary().ancestors()
            if not pairs:
                continue
            ctes.append(ANCESTORS.replace("%VALUES%", ", ".join(["(%s, %s)"] * len(pairs))))
            params += [value for pair in pairs for value in pair]
            parts.append(_sql(SOURCE_COUNTS, table=PressRelease.sources.through._meta.db_table))
        elif name == "tag":
            tags = TaggedPressRelease.tag.field.related_model._meta.db_table
            parts.append(_sql(TAG_COUNTS, table=TaggedPressRelease._meta.db_table, tags=tags))
    if parts:
        materialized = "MATERIALIZED" if connection.vendor == "postgresql" else ""
        ctes.append(BASE.replace("%MATERIALIZED%", materialized).replace("%BASE%", base_sql))
        query = "WITH " + ", ".join(ctes) + " " + " UNION ALL ".join(parts)
        with connection.cursor() as cursor:
            cursor.execute(query, [*params, *base_params])
            for name, key, label, n in cursor.fetchall():
                if name == "tag":
                    tag_rows.append({"tag__slug": key, "tag__name": label, "n": n})
                else:
                    counts[name][key if name == "type" else int(key)] = n
    found = {name: (_options(name), counts[name]) for name in names if name != "tag"}
    if "tag" in names:
        # Every tag with results, the most used first (facets() shows the first few).
        tag_rows.sort(key=lambda row: (-row["n"], row["tag__name"], row["tag__slug"]))
        found["tag"] = _tag_options(tag_rows)
    return found


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
