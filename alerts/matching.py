"""What a subscription matches: the newsroom's own FilterSet over public_releases(), the
one definition of what a listing shows. Nothing here says what a filter means."""

from itertools import islice

from django.core.exceptions import ValidationError
from django.db.models import IntegerField, Value
from django.http import QueryDict

from osce_site.cache import TAXONOMY, version
from releases import newsroom, selectors
from releases.filters import PressReleaseFilter
from releases.models import PressRelease

# Filters evaluated per SQL statement (a UNION ALL of one small query per filter).
CHUNK = 100


def filterset(query, queryset):
    """The newsroom's FilterSet for a stored canonical query over `queryset`."""
    return PressReleaseFilter(QueryDict(query), queryset=queryset)


def canonical(data):
    """(canonical query, None) for a newsroom query (a QueryDict such as request.GET), or
    (None, the FilterSet with its errors) when it is not a valid newsroom filter."""
    data = data.copy()
    for key in ("page", "notice", "sort"):
        data.pop(key, None)
    for key in list(data):
        data.setlist(key, [value for value in data.getlist(key) if value.strip()])
    found = PressReleaseFilter(data, queryset=PressRelease.objects.none())
    if not found.is_valid():
        return None, found
    return newsroom.canonical_query(found.form.cleaned_data), found


def describe(query):
    """The filter in words in the active language, e.g. ["Elections", "Serbia"]."""
    found = filterset(query, PressRelease.objects.none())
    if not found.is_valid():
        return []
    return newsroom.describe(found.form.cleaned_data)


INVALID = object()


class Evaluator:
    """The newsroom FilterSet's own fields and filters, reused for many stored queries.

    Building a FilterSet deep-copies its filters and its form's fields (about 2 ms); a
    publication is matched against thousands of filters, so one FilterSet is built and
    each query is cleaned by that FilterSet's form fields and applied by its filters,
    as FilterSet.filter_queryset() does. A query with both date bounds goes through the
    whole form (its cross-field rule)."""

    def __init__(self):
        self.filterset = PressReleaseFilter(queryset=PressRelease.objects.none())
        self.fields = self.filterset.form.fields
        self.version = version(TAXONOMY)
        self.values = {}  # (field name, raw value) -> cleaned value, or INVALID

    def cleaned(self, query):
        """The cleaned values of a stored query, or None if it is no longer valid."""
        found = _cleaned.get((self.version, query))
        if found is not None:
            return found or None
        data = QueryDict(query)
        if data.get("from") and data.get("to"):
            bound = filterset(query, PressRelease.objects.none())
            found = dict(bound.form.cleaned_data) if bound.is_valid() else {}
        else:
            found = {}
            for name, field in self.fields.items():
                value = self.clean(name, field.widget.value_from_datadict(data, {}, name))
                if value is INVALID:
                    found = {}
                    break
                found[name] = value
        if "tag" not in data:  # tags are no vocabulary: checked each time
            _cleaned.put((self.version, query), found)
        return found or None

    def clean(self, name, raw):
        """One field's value, cleaned by the form's own field (once per distinct value
        in this run: thousands of stored queries share a few hundred values)."""
        key = (name, tuple(raw) if isinstance(raw, list) else raw)
        if key not in self.values:
            try:
                self.values[key] = self.fields[name].clean(raw)
            except ValidationError:
                self.values[key] = INVALID
        return self.values[key]

    def apply(self, queryset, cleaned):
        for name, value in cleaned.items():
            queryset = self.filterset.filters[name].filter(queryset, value)
        return queryset


class _Memo:
    """A bounded dict of cleaned queries (per process, per vocabulary version)."""

    def __init__(self, size):
        self.size, self.items = size, {}

    def get(self, key):
        return self.items.get(key)

    def put(self, key, value):
        if len(self.items) >= self.size:
            self.items.clear()
        self.items[key] = value


_cleaned = _Memo(50_000)


def matching_queries(release, queries):
    """The subset of `queries` (canonical query strings) whose newsroom listing, in the
    release's language, lists `release`.

    A FilterSet narrows its queryset by each of its filters in turn (filter_queryset):
    a listing lists the release when every one of its filters, given its value, keeps
    it. So each distinct (filter, value) among all the queries is applied once, by the
    FilterSet's own filter, to the one row; a query matches when all of its parts do.
    Thousands of subscriptions share a few hundred parts (field=elections,
    country=serbia, q=…), and a hundred parts go to the database as one statement.
    tests/alerts/test_matching.py pins this to the listing itself."""
    base = selectors.public_releases(release.language).filter(pk=release.pk)
    evaluator = Evaluator()
    parts = {}  # (name, value key) -> index
    values = []
    wanted = {}  # query -> its part indexes
    for query in queries:
        cleaned = evaluator.cleaned(query)
        if cleaned is None:  # a term deleted since: it matches nothing, not everything
            continue
        indexes = []
        for name, value in cleaned.items():
            key = (name, _hashable(value))
            if key not in parts:
                parts[key] = len(values)
                values.append((name, value))
            indexes.append(parts[key])
        wanted[query] = indexes
    statements = []
    for index, (name, value) in enumerate(values):
        narrowed = evaluator.apply(base, {name: value})
        statements.append(
            narrowed.order_by().values_list(Value(index, output_field=IntegerField()))
        )
    kept = set()
    if not base.exists():
        return set()
    iterator = iter(statements)
    while chunk := list(islice(iterator, CHUNK)):
        statement = chunk[0].union(*chunk[1:], all=True) if len(chunk) > 1 else chunk[0]
        kept.update(index for (index,) in statement)
    return {query for query, indexes in wanted.items() if all(i in kept for i in indexes)}


def _hashable(value):
    if isinstance(value, list | tuple | set):
        return tuple(sorted(map(str, value)))
    return value


def releases_matching(query, language, queryset):
    """The public releases of `language` in `queryset` that the filter lists (digests)."""
    base = selectors.public_releases(language).filter(pk__in=queryset.values("pk"))
    found = filterset(query, base)
    if not found.is_valid():
        return PressRelease.objects.none()
    return found.qs
