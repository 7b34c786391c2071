"""Full-text search: PostgreSQL's stored, weighted tsvector, and a fallback for SQLite.

Each release's vector is built with the text search configuration of the release's own
language (CONFIGS), so its words are stemmed as that language stems them; a query is
parsed with the configuration of the page's language. A newsroom of language L lists
only releases written in L, so the two match. A language code without an entry here
(a seventh language added in settings) gets `simple`: lowercased words, no stemming,
no stop words. SQLite has no stemming at all (see fallback_condition)."""

import re
import shlex
from html import unescape

from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection, transaction
from django.db.models import Case, F, Func, Q, Value, When
from django.utils import translation
from django.utils.html import escape

# Language code -> PostgreSQL text search configuration (all ship with PostgreSQL).
CONFIGS = {
    "en": "english",
    "fr": "french",
    "de": "german",
    "it": "italian",
    "ru": "russian",
    "es": "spanish",
}
FALLBACK_CONFIG = "simple"
MAX_LENGTH = 200
# A tag that separates words (a paragraph, a list item, a line break...), and any tag.
BLOCK_TAG = re.compile(
    r"</?(?:p|div|br|hr|li|ul|ol|dl|dt|dd|h[1-6]|blockquote|pre|table|tr|td|th|caption"
    r"|figure|figcaption|section|article|aside|header|footer)\b[^>]*>",
    re.IGNORECASE,
)
TAG = re.compile(r"<[^>]*>")


def uses_postgres():
    return connection.vendor == "postgresql"


def config_for(language):
    """The configuration for a language code ("pt-br" falls back to "pt", then simple)."""
    code = (language or "").lower()
    return CONFIGS.get(code) or CONFIGS.get(code.split("-")[0]) or FALLBACK_CONFIG


def row_config():
    """Each row's configuration, read from its own `language` column (for bulk updates):
    the same choice as config_for, for every code in CONFIGS or settings.LANGUAGES."""
    codes = dict.fromkeys([*CONFIGS, *(code for code, _name in settings.LANGUAGES)])
    return Case(
        *(When(language=code, then=Value(config_for(code))) for code in codes),
        default=Value(FALLBACK_CONFIG),
    )


def search_vector(language=None):
    """Title weight A, standfirst B, body C. PostgreSQL's parser skips HTML tags.

    With `language`, the vector of a release in that language; without, an expression
    that builds every updated row's vector with its own language's configuration."""
    config = config_for(language) if language else row_config()
    return (
        SearchVector("title", weight="A", config=config)
        + SearchVector("standfirst", weight="B", config=config)
        + SearchVector("body", weight="C", config=config)
    )


def web_query(text, language=None):
    """The visitor's text as websearch_to_tsquery reads it, in the page's language."""
    config = config_for(language or translation.get_language())
    return SearchQuery(text, search_type="websearch", config=config)


def parse(text):
    """Split search text the way websearch_to_tsquery reads it: "quoted phrases",
    -exclusions and `or` between alternatives. Returns a list of alternatives, each a
    (required terms, excluded terms) pair."""
    try:
        tokens = shlex.split(text.replace("'", " "), posix=True)
    except ValueError:  # an unbalanced quote: read it as plain words
        tokens = text.replace('"', " ").split()
    groups, required, excluded = [], [], []
    for token in tokens:
        if token.lower() == "or":
            if required or excluded:
                groups.append((required, excluded))
            required, excluded = [], []
        elif token.startswith("-") and len(token) > 1:
            excluded.append(token[1:])
        elif token.strip("-"):
            required.append(token)
    if required or excluded:
        groups.append((required, excluded))
    return groups


class Casefold(Func):
    """Unicode-aware lowercasing on SQLite (its own lower() knows only ASCII); the
    function is registered on each SQLite connection in ReleasesConfig.ready()."""

    function = "py_casefold"


def register_sqlite_functions(sender, connection, **kwargs):
    if connection.vendor == "sqlite":
        connection.connection.create_function("py_casefold", 1, _casefold, deterministic=True)


def _casefold(value):
    return value.casefold() if isinstance(value, str) else value


def fallback_condition(text):
    """A Q for SQLite: each term must occur in the title, standfirst or body."""

    def matches(term):
        needle = term.casefold()
        return (
            Q(search_title__contains=needle)
            | Q(search_standfirst__contains=needle)
            | Q(search_body__contains=needle)
        )

    condition = Q()
    for required, excluded in parse(text):
        group = Q()
        for term in required:
            group &= matches(term)
        for term in excluded:
            group &= ~matches(term)
        condition |= group
    return condition


def apply(queryset, text):
    """Narrow `queryset` to releases matching `text`, annotated with `rank` on PostgreSQL."""
    if uses_postgres():
        query = web_query(text)
        return queryset.filter(search_vector=query).annotate(
            rank=SearchRank(F("search_vector"), query)
        )
    return queryset.annotate(
        search_title=Casefold("title"),
        search_standfirst=Casefold("standfirst"),
        search_body=Casefold("body"),
    ).filter(fallback_condition(text))


MATCHING = (
    "SELECT release_id FROM releases_searchdocument "
    "WHERE vector @@ websearch_to_tsquery(%s::regconfig, %s)"
)


def matching_ids(text):
    """The ids of every release matching `text` (in any state and language: the listing
    engine intersects them with what it shows), in the page language's configuration.

    On PostgreSQL from the narrow copy of the vectors (migration 0011), always through
    its GIN index: the planner would read every (out-of-line) vector for a word most
    releases contain, 20 times slower than the bitmap the index gives."""
    from .models import PressRelease

    if not uses_postgres():
        return apply(PressRelease.objects.all(), text).values_list("pk", flat=True)
    config = config_for(translation.get_language())
    return ids_through_gin(MATCHING, [config, text])


def ids_through_gin(statement, params):
    """The release ids (an int64 array) a `statement` over releases_searchdocument
    selects, with the planner held to the GIN index (see matching_ids)."""
    from .engine import int_columns

    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
        return int_columns(statement, params, 1)[:, 0]


MATCHING_AMONG = (
    "SELECT release_id FROM releases_searchdocument "
    "WHERE release_id = ANY(%s) AND vector @@ websearch_to_tsquery(%s::regconfig, %s)"
)


def matching_among(text, release_ids):
    """Those of the given releases whose text matches `text` (as matching_ids() would
    find them), asked of the database for those rows only."""
    from .models import PressRelease

    ids = sorted(release_ids)
    if not uses_postgres():
        found = apply(PressRelease.objects.filter(pk__in=ids), text)
        return list(found.values_list("pk", flat=True))
    config = config_for(translation.get_language())
    with connection.cursor() as cursor:
        cursor.execute(MATCHING_AMONG, [ids, config, text])
        return [row[0] for row in cursor.fetchall()]


def terms(text):
    return [term for required, _excluded in parse(text) for term in required]


def card_snippet(release, text):
    """What a search result's card shows of `release`: the body around the first match;
    when none of the words is in the body (they matched in the title or the standfirst,
    or only by their stem), the standfirst, with any match marked, rather than the
    body's opening lines."""
    found = snippet(release.body, text)
    if "<mark>" in found or not release.standfirst:
        return found
    return snippet(escape(release.standfirst), text)


def snippet(html, text, size=220):
    """A plain-text excerpt around the first match, escaped, with matches in <mark>.
    Computed in Python on the page's rows only. The markup is the sanitiser's (a body is
    cleaned on every write), so its tags are taken out by a pattern, a block's leaving a
    space between the words either side: strip_tags() parses the whole body (a
    millisecond for a page of twenty) and ran the last word of a paragraph into the
    first of the next."""
    plain = " ".join(unescape(TAG.sub("", BLOCK_TAG.sub(" ", html))).split())
    words = sorted({t for t in terms(text) if t.strip()}, key=len, reverse=True)
    if not words:
        return escape(plain[:size])
    pattern = re.compile("|".join(re.escape(w) for w in words), re.IGNORECASE)
    found = pattern.search(plain)
    start = max(0, found.start() - size // 3) if found else 0
    excerpt = plain[start : start + size]
    if start:
        excerpt = "…" + excerpt.split(" ", 1)[-1]
    if start + size < len(plain):
        excerpt = excerpt.rsplit(" ", 1)[0] + "…"
    parts, last = [], 0
    for match in pattern.finditer(excerpt):
        parts.append(escape(excerpt[last : match.start()]))
        parts.append(f"<mark>{escape(match.group())}</mark>")
        last = match.end()
    parts.append(escape(excerpt[last:]))
    return "".join(parts)
