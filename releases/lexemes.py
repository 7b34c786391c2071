"""Full-text matching in the listing engine for the words many releases contain.

PostgreSQL decides what a search means: the visitor's text is parsed by
websearch_to_tsquery in the page language's configuration (releases.search), into
lexemes joined by AND, OR, NOT and phrase operators. Matching a lexeme that most
releases contain through the GIN index is slow however it is done (the word "training"
at 100,000 releases: 20 ms with the index forced, 190 ms by a sequential scan), while
a rare one takes a fifth of a millisecond. So each snapshot of the engine's index holds
the common lexemes that searches have asked for as rows of bits, one per index row:
such a search is then one parse in the database (a twentieth of a millisecond) and an
AND or OR of a few rows of bits. A lexeme is held once a search has read its releases
from the database and they are at least one in DENSE_SHARE of the rows, within
HELD_BYTES (the least recently used goes first); a rare one is read for each search
that needs it, and remembered as rare so that a search of rare words only is one query,
as before. A query with a phrase (a hyphenated word is one) or a negation is matched by
the database whole, and held whole the same way when what it matches is common: a
phrase of common words costs 150 ms and more there, as PostgreSQL reads the vector of
every candidate for the positions of its words; held, a publication costs it one test
of the changed releases.

A lexeme matches a release when it is among the lexemes of the release's stored vector,
whatever the weight or the configuration that built it: what `vector @@ 'lexeme'`
means. The held rows follow every change the engine applies: the lexemes of the changed
releases, and whether they match each query held whole, are read again in the same step
as their other columns (refreshed()), and a rebuild starts with none held. Every path
that changes a stored vector records the change in the same transaction
(releases.changes), so a held row is never older than the snapshot that holds it. On
SQLite, which has no stored vectors, nothing is held."""

import functools
import re
import threading
from collections import OrderedDict
from dataclasses import dataclass

import numpy as np
from django.db import connection

from . import search

# A lexeme on at least one row in this many is held as a row of bits.
DENSE_SHARE = 64
# What one snapshot may hold: 200 rows of bits at 120,000 releases (15 kB each), 24 at
# 1,000,000. The long tail of make bench asks for some 40 words and 130 phrases.
HELD_BYTES = 3 * 1024 * 1024
# Searches parsed remembered per process (parse()).
PARSED = 1024
# Rare lexemes remembered per process (each a short string), until the next rebuild.
RARE_LIMIT = 4096

PARSE = "SELECT websearch_to_tsquery(%s::regconfig, %s)::text"
RELEASES_WITH = "SELECT release_id FROM releases_searchdocument WHERE vector @@ %s::tsquery"
LEXEMES_OF = (
    "SELECT release_id, tsvector_to_array(vector) FROM releases_searchdocument "
    "WHERE release_id = ANY(%s)"
)
# Whether each changed release matches each query held whole (as many tests as queries).
QUERIES_OF = (
    "SELECT release_id, ARRAY[{tests}] FROM releases_searchdocument WHERE release_id = ANY(%s)"
)
# A parsed query as tsquery's text form writes it: quoted lexemes ('' for a quote
# inside), operators and parentheses. Anything else (a phrase's <->, a weight or
# prefix after a colon) is left to the database.
TOKEN = re.compile(r"\s*(?:'((?:[^'\\]|'')+)'|([&|()]))")


class Words:
    """The lexemes one snapshot holds, as rows of bits over its index rows (64 to a
    uint64 word, as the engine's term_bits()), most recently used last."""

    def __init__(self, held=None, rare=None):
        self.held = OrderedDict(held or {})
        self.rare = rare if rare is not None else set()
        self.lock = threading.Lock()

    def get(self, lexeme):
        with self.lock:
            bits = self.held.get(lexeme)
            if bits is not None:
                self.held.move_to_end(lexeme)
            return bits

    def hold(self, lexeme, bits):
        limit = max(1, HELD_BYTES // max(bits.nbytes, 1))
        with self.lock:
            self.held[lexeme] = bits
            self.held.move_to_end(lexeme)
            while len(self.held) > limit:
                self.held.popitem(last=False)

    def note_rare(self, lexeme):
        with self.lock:
            if len(self.rare) >= RARE_LIMIT:
                self.rare.clear()
            self.rare.add(lexeme)

    def is_rare(self, lexeme):
        return lexeme in self.rare

    def refreshed(self, rows, changed_rows, release_ids_by_row):
        """The Words of a snapshot of `rows` rows derived from this one, in which the
        releases at `changed_rows` were read again ({row: release id} for those that
        still exist): each held row of bits extended to the new length, with those rows'
        bits set from the releases' lexemes (or whether they match a query held whole)
        as the database has them now."""
        with self.lock:
            held = list(self.held.items())
            rare = set(self.rare)
        if not held:
            return Words(rare=rare)
        release_ids = list(release_ids_by_row.values())
        lexemes = lexemes_of(release_ids)
        queries = [key[1] for key, _bits in held if isinstance(key, tuple)]
        matched = queries_of(release_ids, queries)
        words = _words(rows)
        changed = np.asarray(sorted(changed_rows), dtype=np.int64)
        fresh = OrderedDict()
        # One block for all the rows (a fresh mapping, given back whole when this
        # snapshot goes), not a few hundred blocks of 15 kB left in the heap after every
        # change (releases.engine._tune_malloc).
        block = np.zeros((len(held), words), dtype=np.uint64)
        for (key, bits), grown in zip(held, block, strict=True):
            grown[: len(bits)] = bits
            as_bytes = grown.view(np.uint8)
            if len(changed):
                # Little-endian words: row r is bit r % 8 of byte r // 8.
                np.bitwise_and.at(
                    as_bytes, changed >> 3, ~np.left_shift(1, changed & 7).astype(np.uint8)
                )
            # A query held whole is ("query", its text); a lexeme, itself.
            found, name = (matched, key[1]) if isinstance(key, tuple) else (lexemes, key)
            having = [
                row
                for row, release_id in release_ids_by_row.items()
                if name in found.get(release_id, ())
            ]
            if having:
                rows_set = np.asarray(having, dtype=np.int64)
                np.bitwise_or.at(
                    as_bytes, rows_set >> 3, np.left_shift(1, rows_set & 7).astype(np.uint8)
                )
            fresh[key] = grown
        return Words(fresh, rare)


@dataclass(frozen=True)
class Query:
    """The visitor's text as the database parses it: the tsquery as text (empty when it
    has no word but stop words), and as a tree of ("word", lexeme), ("and", [...]) and
    ("or", [...]) when it has nothing else (None: a phrase, a negation)."""

    written: str
    tree: tuple | None


@functools.lru_cache(maxsize=PARSED)
def parse(text, config):
    """The Query of `text` in the text search configuration `config`: what the
    database's parser makes of it depends on nothing else (the configurations'
    dictionaries and stop words change only with the database's own schema), so the
    last PARSED are remembered, and a search of held words asks the database nothing."""
    with connection.cursor() as cursor:
        cursor.execute(PARSE, [config, text])
        written = cursor.fetchone()[0] or ""
    return Query(written, _tree(written))


def _tree(written):
    tokens, position = [], 0
    while position < len(written):
        if not written[position:].strip():
            break
        found = TOKEN.match(written, position)
        if found is None:
            return None
        word, operator = found.groups()
        tokens.append(("word", word.replace("''", "'")) if word else operator)
        position = found.end()
    if not tokens:
        return None
    tree, rest = _either(tokens)
    return tree if tree is not None and not rest else None


def _either(tokens):
    """`a | b | ...` (OR binds loosest)."""
    return _chain(tokens, "|", "or", _all)


def _all(tokens):
    """`a & b & ...`."""
    return _chain(tokens, "&", "and", _one)


def _chain(tokens, operator, kind, read_part):
    """Parts read by `read_part` joined by `operator`: (tree, the tokens left)."""
    parts = []
    while True:
        part, tokens = read_part(tokens)
        if part is None:
            return None, tokens
        parts.append(part)
        if not tokens or tokens[0] != operator:
            break
        tokens = tokens[1:]
    return (parts[0] if len(parts) == 1 else (kind, parts)), tokens


def _one(tokens):
    if not tokens:
        return None, tokens
    first = tokens[0]
    if isinstance(first, tuple):
        return first, tokens[1:]
    if first == "(":
        inner, rest = _either(tokens[1:])
        if inner is None or not rest or rest[0] != ")":
            return None, rest
        return inner, rest[1:]
    return None, tokens


def words_in(tree):
    if tree[0] == "word":
        return [tree[1]]
    return [word for part in tree[1] for word in words_in(part)]


def mask(index, text, language):
    """The boolean mask of the rows of `index` whose releases match `text` (parsed in
    `language`'s configuration), from the lexemes it holds and those it reads; None
    when the database must match the text whole (SQLite, or a query with more than
    words, AND and OR)."""
    if not search.uses_postgres():
        return None
    query = parse(text, search.config_for(language))
    if not query.written:
        return None  # no word but stop words: nothing matches, as the database says
    words, rows = index.words, len(index.ids)
    if query.tree is None:
        # A phrase or a negation: the database's match of the whole query, held as one
        # row of bits when it is common (a phrase of common words: 150 ms and more,
        # as PostgreSQL reads every candidate's vector for the positions).
        key = ("query", query.written)
        bits = words.get(key)
        if bits is None:
            if words.is_rare(key):
                return None
            bits = _read(words, key, query.written, rows, index)
        return _unpacked(bits, rows)
    held = {lexeme: words.get(lexeme) for lexeme in set(words_in(query.tree))}
    if all(bits is None and words.is_rare(lexeme) for lexeme, bits in held.items()):
        return None  # rare words only: one query for the whole text is cheapest
    for lexeme, bits in held.items():
        if bits is None:
            held[lexeme] = _read(words, lexeme, _literal(lexeme), rows, index)
    return _unpacked(_evaluate(query.tree, held), rows)


def _read(words, key, tsquery, rows, index):
    """The rows of bits of what `tsquery` matches, read from the database, held under
    `key` if they are common, else `key` noted as rare."""
    found = index.rows_of(releases_with(tsquery))
    bits = _bits(found, rows)
    if len(found) * DENSE_SHARE >= max(rows, 1):
        words.hold(key, bits)
    else:
        words.note_rare(key)
    return bits


def _unpacked(bits, rows):
    return np.unpackbits(bits.view(np.uint8), bitorder="little")[:rows].view(bool)


def _evaluate(tree, held):
    kind, value = tree
    if kind == "word":
        return held[value]
    parts = [_evaluate(part, held) for part in value]
    combine = np.bitwise_and if kind == "and" else np.bitwise_or
    return combine.reduce(parts)


def _bits(rows, count):
    mask = np.zeros(_words(count) * 64, dtype=bool)
    mask[rows] = True
    return np.packbits(mask, bitorder="little").view(np.uint64)


def _words(rows):
    return (rows + 63) // 64


def _literal(lexeme):
    return "'" + lexeme.replace("'", "''") + "'"


def releases_with(tsquery):
    """The ids of the releases (any state, any language) whose vector matches `tsquery`
    (a lexeme quoted, or a parsed query as text), through the GIN index (see
    search.matching_ids)."""
    return search.ids_through_gin(RELEASES_WITH, [tsquery])


def queries_of(release_ids, queries):
    """{release id: the set of `queries` (tsqueries as text) its vector matches}."""
    if not release_ids or not queries:
        return {}
    tests = ", ".join(["vector @@ %s::tsquery"] * len(queries))
    statement = QUERIES_OF.format(tests=tests)  # noqa: S608  # nosec B608 (placeholders only)
    with connection.cursor() as cursor:
        cursor.execute(statement, [*queries, sorted(release_ids)])
        return {
            pk: {query for query, hit in zip(queries, hits, strict=True) if hit}
            for pk, hits in cursor.fetchall()
        }


def lexemes_of(release_ids):
    """{release id: frozenset of the lexemes of its stored vector}."""
    if not release_ids:
        return {}
    with connection.cursor() as cursor:
        cursor.execute(LEXEMES_OF, [sorted(release_ids)])
        return {pk: frozenset(found or ()) for pk, found in cursor.fetchall()}
