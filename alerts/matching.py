"""What a subscription matches: the newsroom's own FilterSet over public_releases(), the
one definition of what a listing shows. Nothing here says what a filter means."""

from itertools import islice

from django.db.models import IntegerField, Value
from django.http import QueryDict

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


def matching_queries(release, queries):
    """The subset of `queries` (canonical query strings) whose newsroom listing, in the
    release's language, lists `release`. Each filter is evaluated once, on that one row,
    and a hundred of them go to the database as one statement."""
    base = selectors.public_releases(release.language).filter(pk=release.pk)
    queries = list(queries)
    parts = []
    for index, query in enumerate(queries):
        found = filterset(query, base)
        if not found.is_valid():  # a term deleted since: it matches nothing, not everything
            continue
        parts.append(found.qs.order_by().values_list(Value(index, output_field=IntegerField())))
    matched = set()
    iterator = iter(parts)
    while chunk := list(islice(iterator, CHUNK)):
        statement = chunk[0].union(*chunk[1:], all=True) if len(chunk) > 1 else chunk[0]
        matched.update(index for (index,) in statement)
    return {queries[index] for index in matched}


def releases_matching(query, language, queryset):
    """The public releases of `language` in `queryset` that the filter lists (digests)."""
    base = selectors.public_releases(language).filter(pk__in=queryset.values("pk"))
    found = filterset(query, base)
    if not found.is_valid():
        return PressRelease.objects.none()
    return found.qs
