"""The listing engine: an index of every release held in each process, from which the
newsroom, the entity pages, search results, feeds and index pages take their counts,
facets and pages without a cache.

What is visible and what a filter means stay defined by `PressRelease.objects.published()`
and `PressReleaseFilter` (the FilterSet validates every query; tests compare the two
by brute force and with generated filters on both databases). The index is only a
faster way to evaluate them: one row per release (status, publish-at time, language,
date, type) in NumPy arrays, and for each relation the (row, term) pairs, so that a
filter is a boolean mask over the rows and a facet is a `bincount` of the pairs under
a mask. "Published" is evaluated at each request against the clock, so a scheduled
release appears at its time with no write at all. What a search means stays with the
database (PostgreSQL's stored vectors, SQLite's fallback): a search of common words is
matched from rows of bits the index holds for them (releases.lexemes), any other the
database answers with the matching ids, which the engine intersects.

PostgreSQL (or SQLite) stays the single source of truth. Every write path records the
releases it changed in `releases_change` in its own transaction (releases.changes, the
one change hook), and before every use the index reads the rows added since it last
looked (one indexed query; with Redis, only when the shared content stamp has moved,
which every write does once it commits) and reloads those releases: a page is never
built from a stale index, whichever process or machine wrote. A change row that is not
yet visible while a later one is (PostgreSQL hands out ids before commit) is remembered
as a gap and asked for again until it appears or an hour has passed (a rolled-back id
never appears). A change of everything (`release_id` NULL: a bulk import, a tag rename, a
taxonomy change) rebuilds the index, as does an index older than REBUILD_SECONDS.
"""

import contextlib
import ctypes
import datetime
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field

import numpy as np
from django.conf import settings
from django.core.signals import request_finished
from django.db import connection
from django.utils import timezone
from taggit.models import Tag

from osce_site import cache as caching
from taxonomy.vocabulary import vocabulary

from . import changes, lexemes
from .models import Change, PressRelease, TaggedPressRelease

# The relation facets: facet name -> PressRelease many-to-many field.
RELATIONS = {
    "field": "fields_of_work",
    "country": "countries",
    "source": "sources",
    "meeting": "meeting_types",
}
TYPES = [value for value, _label in PressRelease.ReleaseType.choices]
PUBLISHED = PressRelease.Status.PUBLISHED
REBUILD_SECONDS = 6 * 3600
# A tag on at least one release in this many is counted from a row of bits (tag_bits()).
DENSE_TAG_SHARE = 64
GAP_SECONDS = 3600
# Facet counts kept per snapshot for the selections many pages share (shared_counts()):
# the newsroom in each language and the entity pages used last; each facet's counts of
# one selection a few kB (the tags' up to 20).
SHARED_COUNTS = 64
EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)


def micros(moment):
    """Microseconds since the epoch: how the index holds times."""
    return (moment - EPOCH) // datetime.timedelta(microseconds=1)


@dataclass
class Pairs:
    """(row, term id) pairs of one relation, in row order (then term): the terms of a
    few rows are then found by a binary search (terms_of()) rather than by reading every
    pair."""

    rows: np.ndarray  # int32 row positions, ascending
    terms: np.ndarray  # int32 term ids, ascending within a row

    def rows_with(self, term_ids):
        return self.rows[np.isin(self.terms, list(term_ids))]

    def counts(self, mask):
        """{term id: rows under `mask` that carry it} (a row counts once per term)."""
        terms = self.terms[mask[self.rows]]
        if not len(terms):
            return {}
        found = np.bincount(terms)
        nonzero = np.flatnonzero(found)
        return dict(zip(nonzero.tolist(), found[nonzero].tolist(), strict=True))

    def terms_of(self, rows):
        """{row: [term ids]} of the given rows (those with none left out)."""
        rows = np.asarray(rows, dtype=np.int32)
        starts = np.searchsorted(self.rows, rows, "left").tolist()
        ends = np.searchsorted(self.rows, rows, "right").tolist()
        return {
            row: self.terms[start:end].tolist()
            for row, start, end in zip(rows.tolist(), starts, ends, strict=True)
            if end > start
        }

    def without(self, rows):
        keep = ~np.isin(self.rows, rows)
        return Pairs(self.rows[keep], self.terms[keep])

    def plus(self, rows, terms):
        """These pairs and the given ones, still in order (merged, not sorted again)."""
        added = _pairs(rows, terms)
        if not len(added.rows):
            return self
        ours, theirs = _keys(self.rows, self.terms), _keys(added.rows, added.terms)
        merged = np.insert(ours, np.searchsorted(ours, theirs), theirs)
        return Pairs((merged >> 32).astype(np.int32), merged.astype(np.int32))


def _keys(rows, terms):
    """One int64 per pair that sorts as (row, term) does."""
    return rows.astype(np.int64) << 32 | terms.astype(np.int64)


def _pairs(rows, terms):
    """Pairs of the given columns, put in order (copies: a column of a two-column array
    would keep the whole array alive)."""
    keys = np.sort(_keys(np.asarray(rows), np.asarray(terms)))
    return Pairs((keys >> 32).astype(np.int32), keys.astype(np.int32))


@dataclass(frozen=True)
class Signature:
    """What one release was to the index: enough to tell which pages it shows on."""

    release_id: int
    published: bool  # its status (whatever its publish-at time)
    publish_at: int  # microseconds since the epoch
    language: str
    date: int  # proleptic ordinal
    type: str
    group: int  # its translation group
    terms: dict  # facet name -> frozenset of term ids (sources as stored)


@dataclass(frozen=True)
class Changed:
    """One applied change row: the release it named, before and after (None: absent)."""

    pk: int
    release_id: int
    before: Signature | None
    after: Signature | None


# Changes remembered per snapshot (Index.history): a page stored before the oldest of
# them is no longer checked, only rendered again.
HISTORY = 1000


@dataclass
class Index:
    """One immutable snapshot: rows in id order (new ids appended at the end)."""

    ids: np.ndarray  # int64, ascending
    published: np.ndarray  # bool: status is "published"
    publish_at: np.ndarray  # int64 microseconds since the epoch
    language: np.ndarray  # int16 index into `languages`
    date: np.ndarray  # int32 proleptic ordinal
    type: np.ndarray  # int8 index into TYPES
    group: np.ndarray  # int64: its translation group (the original's id, or its own)
    relations: dict  # facet name -> Pairs (tags: "tag"; sources as stored, not expanded)
    languages: list
    tags: dict = field(default_factory=dict)  # tag id -> (slug, name) of the tags on rows
    seen: int = 0  # the newest change row applied
    gaps: dict = field(default_factory=dict)  # change id not yet visible -> first noticed
    built: float = 0.0
    # What each change applied since `history_from` did (Changed), oldest first: how a
    # page stored before a change learns whether the change concerns it (scopes).
    history: list = field(default_factory=list)
    history_from: int = 0
    # The common lexemes searches asked for, as rows of bits (releases.lexemes).
    words: lexemes.Words = None
    _derived: dict = field(default_factory=dict)

    def __post_init__(self):
        if self.words is None:
            self.words = lexemes.Words()

    # -- reading ---------------------------------------------------------------------------

    def visible(self, language, now=None):
        """The mask of what published() shows, in one language, at `now` (a datetime, or
        microseconds since the epoch)."""
        code = self.languages.index(language) if language in self.languages else -1
        moment = now if isinstance(now, int) else micros(now or timezone.now())
        return self.published & (self.publish_at <= moment) & (self.language == code)

    def rows_of(self, ids):
        """Row positions of the given release ids (those the index holds)."""
        if not isinstance(ids, np.ndarray):
            ids = np.fromiter(ids, dtype=np.int64)
        if not len(ids) or not len(self.ids):
            return np.empty(0, dtype=np.int64)
        where = np.searchsorted(self.ids, ids)
        where = np.minimum(where, len(self.ids) - 1)
        return where[self.ids[where] == ids]

    def newest_order(self):
        """Row positions by date, newest first (then id, highest first): the listing's
        order; its reverse is "oldest first"."""
        if "newest" not in self._derived:
            self._derived["newest"] = _descending(self.date)
        return self._derived["newest"]

    def publication_order(self):
        """Row positions by publish-at time, newest first, then id: the feeds' order."""
        if "published" not in self._derived:
            self._derived["published"] = _descending(self.publish_at)
        return self._derived["published"]

    def sources(self):
        """The sources relation with each office's ancestors added (an office includes
        the offices below it), one pair per release and office, for the current tree."""
        pairs = vocabulary().ancestors()
        key = ("sources", hash(tuple(pairs)))
        if key not in self._derived:
            self._derived = {k: v for k, v in self._derived.items() if k[0] != "sources"}
            stored = self.relations["source"]
            if pairs:
                child, ancestor = np.array(pairs, dtype=np.int64).T
                order = np.argsort(child, kind="stable")
                child, ancestor = child[order], ancestor[order]
                starts = np.searchsorted(child, stored.terms, "left")
                ends = np.searchsorted(child, stored.terms, "right")
                lengths = ends - starts
                rows = np.repeat(stored.rows, lengths)
                offsets = np.repeat(starts - np.cumsum(lengths) + lengths, lengths)
                terms = ancestor[np.arange(len(rows)) + offsets]
                # One pair per (release, office), and the stored pairs themselves.
                rows = np.concatenate([stored.rows, rows])
                terms = np.concatenate([stored.terms, terms])
                unique = _distinct(_keys(rows, terms))  # in order, as Pairs keeps them
                expanded = Pairs((unique >> 32).astype(np.int32), unique.astype(np.int32))
            else:
                expanded = stored
            self._derived[key] = expanded
        return self._derived[key]

    def relation(self, name):
        return self.sources() if name == "source" else self.relations[name]

    def term_bits(self, name):
        """(term ids, bit matrix): for each term of a vocabulary relation, its releases as
        a row of bits (one per index row, 64 to a word). A facet is then one AND and a
        population count per term, a quarter of the time of gathering its pairs."""
        key = ("bits", name) if name != "source" else ("bits", name, id(self.sources()))
        if key not in self._derived:
            self._derived[key] = _bit_rows(self.relation(name), len(self.ids))
        return self._derived[key]

    def type_bits(self):
        """(type codes, bit matrix) as term_bits() gives them for a relation."""
        if "type-bits" not in self._derived:
            rows = np.flatnonzero(self.type >= 0)
            self._derived["type-bits"] = _bit_rows(_pairs(rows, self.type[rows]), len(self.ids))
        return self._derived["type-bits"]

    def tag_bits(self):
        """(tag ids, bit matrix, pairs of the other tags): the tags carried by at least one
        row in DENSE_TAG_SHARE as term_bits() gives a relation's terms, the rest as
        pairs. A tag's bit row costs an eighth of a byte per row whatever it carries,
        its pairs 8 bytes per release: the common tags are counted by a population count
        (a listing's tag facet from all its pairs took a millisecond at 100,000
        releases), the long tail of rare ones from their few pairs."""
        if "tag-bits" not in self._derived:
            pairs = self.relations["tag"]
            carried = np.bincount(pairs.terms) if len(pairs.terms) else np.zeros(0, np.int64)
            dense = np.flatnonzero(carried * DENSE_TAG_SHARE >= max(len(self.ids), 1))
            common = np.isin(pairs.terms, dense)
            terms, bits = _bit_rows(Pairs(pairs.rows[common], pairs.terms[common]), len(self.ids))
            rare = Pairs(pairs.rows[~common], pairs.terms[~common])
            self._derived["tag-bits"] = (terms, bits, rare)
        return self._derived["tag-bits"]

    def unchanged_between(self, moment):
        """(since, until): the moments, in microseconds, between which what published()
        shows is what it shows at `moment`: from the publish-at time of the last
        published release due by then (None: none) to that of the next (None: none)."""
        times = self._derived.get("due")
        if times is None:
            times = self._derived["due"] = np.sort(self.publish_at[self.published])
        at = np.searchsorted(times, moment, side="right")
        since = int(times[at - 1]) if at else None
        return since, (int(times[at]) if at < len(times) else None)

    def shared_counts(self, key, moment, count):
        """count(), the facet counts of a selection that many pages share (the
        newsroom's pages, each entity's pages), computed once in this snapshot and used
        while published() shows what it showed then (no scheduled release has come due
        in between): the SHARED_COUNTS facets used last."""
        kept = self._derived.get("counts")
        if kept is None:
            kept = self._derived["counts"] = OrderedDict()
        found = kept.get(key)
        if found is not None:
            (since, until), counts = found
            if (since is None or since <= moment) and (until is None or moment < until):
                with contextlib.suppress(KeyError):  # another thread may have dropped it
                    kept.move_to_end(key)
                return counts
        counts = count()
        kept[key] = (self.unchanged_between(moment), counts)
        while len(kept) > SHARED_COUNTS:
            with contextlib.suppress(KeyError):
                kept.popitem(last=False)
        return counts

    def tag_ids(self, slugs):
        return set(Tag.objects.filter(slug__in=list(slugs)).values_list("pk", flat=True))

    @property
    def watermark(self):
        """The changes this snapshot has applied: every one up to `seen` but the gaps."""
        return (self.seen, tuple(sorted(self.gaps)))

    def signatures(self, release_ids):
        """{release id: Signature, or None for a release the index does not hold}."""
        ids = np.fromiter(release_ids, dtype=np.int64)
        rows = self.rows_of(ids)
        terms = {int(row): {name: set() for name in self.relations} for row in rows.tolist()}
        for name, pairs in self.relations.items():
            for row, carried in pairs.terms_of(rows).items():
                terms[row][name].update(carried)
        found = dict.fromkeys(ids.tolist())
        for row in rows.tolist():
            found[int(self.ids[row])] = Signature(
                release_id=int(self.ids[row]),
                published=bool(self.published[row]),
                publish_at=int(self.publish_at[row]),
                language=self.languages[self.language[row]],
                date=int(self.date[row]),
                type=TYPES[self.type[row]] if self.type[row] >= 0 else "",
                group=int(self.group[row]),
                terms={name: frozenset(values) for name, values in terms[row].items()},
            )
        return found

    # -- changing --------------------------------------------------------------------------

    def with_releases(self, release_ids):
        """A new snapshot with the given releases reloaded (or gone, if deleted); None
        when it needs a rebuild (a release new to the index with an id lower than one it
        holds: rows must stay in id order)."""
        loaded = _load(self.languages, release_ids=list(release_ids))
        known = self.rows_of(release_ids)
        new_ids = np.setdiff1d(loaded.ids, self.ids[known]) if len(loaded.ids) else loaded.ids
        if len(new_ids) and len(self.ids) and new_ids.min() < self.ids[-1]:
            return None
        languages = loaded.languages
        ids = np.concatenate([self.ids, new_ids])
        arrays = {}
        for name in ("published", "publish_at", "language", "date", "type", "group"):
            arrays[name] = np.concatenate(
                [getattr(self, name), np.zeros(len(new_ids), dtype=getattr(self, name).dtype)]
            )
        # Every named release is unpublished first: a deleted one stays so.
        arrays["published"][known] = False
        changed = np.unique(np.concatenate([known, len(self.ids) + np.arange(len(new_ids))]))
        target = np.searchsorted(ids, loaded.ids)
        for name in arrays:
            arrays[name][target] = getattr(loaded, name)
        relations = {}
        for name, pairs in self.relations.items():
            fresh = loaded.relations[name]
            relations[name] = pairs.without(changed).plus(target[fresh.rows], fresh.terms)
        # A tag's name or slug changes only with a change of everything (a rebuild).
        tags = {**self.tags, **loaded.tags}
        words = self.words.refreshed(
            len(ids), changed.tolist(), dict(zip(target.tolist(), loaded.ids.tolist(), strict=True))
        )
        return Index(
            ids=ids, relations=relations, languages=languages, tags=tags, words=words, **arrays
        )


class Engine:
    """This process's index, kept current (current())."""

    def __init__(self):
        self.index = None
        self.lock = threading.Lock()
        # The shared content stamp seen before the change log was last read (None: not
        # shared, or not read under one).
        self.checked = None
        _tune_malloc()

    def current(self):
        """The index, with every change committed before this call applied; within one
        request, the snapshot its first call read (one query a request, not one a call),
        unless this thread has recorded a change since."""
        held, key = _request, changes.request_key()
        if key[0] and held.index is not None and held.key == key:
            return held.index
        index = self._read()
        held.index, held.key = (index, key) if key[0] else (None, None)
        return index

    def _read(self):
        """The index brought up to date. With a content stamp shared by every process
        (Redis), the change log is read only when the stamp has moved since it was last
        read: every write moves the stamp once it commits (osce_site.cache.bump), so an
        unchanged stamp means nothing was written since (a query less a request: half a
        millisecond of a page rendered from fragments). Without one (no cache, or Redis
        away), or while a change is missing (gaps), it is read every time."""
        stamp = caching.shared_version(caching.CONTENT)
        with self.lock:
            index = self.index
            if index is None or time.time() - index.built > REBUILD_SECONDS:
                self.index, self.checked = build(), stamp
                _return_memory()
                return self.index
            if stamp is not None and stamp == self.checked and not index.gaps:
                return index
            self.checked = stamp
            newest = changes.newest_changes()[0]
            if newest < index.seen:
                # Fewer changes than applied: the database was restored or replaced.
                self.index = build()
            elif newest > index.seen or index.gaps:
                self.index = apply_changes(index, list(_changes_since(index)))
            return self.index

    def reset(self):
        with self.lock:
            self.index, self.checked = None, None
        _request.index = None


class RequestSnapshot(threading.local):
    """The snapshot the request this thread serves read, and for which request
    (changes.request_key(): the request, and this thread's writes so far)."""

    index = None
    key = None


_request = RequestSnapshot()


def _request_finished(**kwargs):
    _request.index, _request.key = None, None  # not kept alive between requests


request_finished.connect(_request_finished, dispatch_uid="engine-snapshot-per-request")


def _libc():
    with contextlib.suppress(OSError):
        return ctypes.CDLL("libc.so.6")
    return None  # not glibc: nothing to tune


M_MMAP_THRESHOLD = -3
MMAP_THRESHOLD = 128 * 1024


def _tune_malloc():
    """Keep large blocks (the index's arrays, the bytes they are read from) out of the
    heap. glibc raises its mmap threshold each time such a block is freed, up to 32 MB,
    after which they come from the heap and stay there: workers grew by some 50 MB
    after a build and a few requests at 100,000 releases. A fixed threshold turns that
    off, and malloc_trim() returns what a build freed.

    A request's arrays larger than MMAP_THRESHOLD are therefore fresh mappings, paid for
    in page faults: the hot paths keep theirs smaller (a mask over 100,000 releases is
    100 kB) or reuse working space (Scratch). Raising the threshold to 1 MB instead made
    a listing faster too, but took the workers past 150 MB (make bench, page cache on:
    152 MB)."""
    libc = _libc()
    if libc is not None and hasattr(libc, "mallopt"):
        libc.mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD)


def _return_memory():
    libc = _libc()
    if libc is not None and hasattr(libc, "malloc_trim"):
        libc.malloc_trim(0)


def _changes_since(index):
    query = Change.objects.filter(pk__gt=index.seen)
    if index.gaps:
        query = Change.objects.filter(pk__gt=index.seen) | Change.objects.filter(
            pk__in=list(index.gaps)
        )
    return query.order_by("pk").values_list("pk", "release_id")


def _forget_old_gaps(index):
    cutoff = time.time() - GAP_SECONDS
    for pk in [pk for pk, since in index.gaps.items() if since < cutoff]:
        del index.gaps[pk]


def apply_changes(index, rows):
    if not rows:
        _forget_old_gaps(index)
        return index
    seen = max(index.seen, max(pk for pk, _release in rows))
    found = {pk for pk, _release in rows}
    gaps = {pk: since for pk, since in index.gaps.items() if pk not in found}
    now = time.time()
    gaps.update(
        {pk: now for pk in range(index.seen + 1, seen) if pk not in found and pk not in gaps}
    )
    release_ids = {release for _pk, release in rows}
    fresh = None
    if None not in release_ids:
        before = index.signatures(release_ids)
        fresh = index.with_releases(release_ids)
    if fresh is None:
        fresh = build(seen=seen)  # its history starts here
    else:
        after = fresh.signatures(release_ids)
        history = index.history + [
            Changed(pk, release, before[release], after[release]) for pk, release in rows
        ]
        fresh.history, fresh.history_from = history[-HISTORY:], index.history_from
        if len(history) > HISTORY:
            fresh.history_from = history[-HISTORY - 1].pk
    fresh.seen, fresh.gaps = seen, gaps
    fresh.built = fresh.built or index.built
    _forget_old_gaps(fresh)
    return fresh


def changes_since(index, watermark):
    """The Changed entries of `index` that a snapshot with `watermark` had not applied,
    or None when the index no longer knows them all (rebuilt or trimmed since)."""
    seen, gaps = watermark
    if index.history_from > min([seen, *gaps]) or index.seen < seen:
        return None
    missing = set(gaps)
    return [change for change in index.history if change.pk > seen or change.pk in missing]


def build(seen=None):
    """The whole index, read from the database. The newest change row is read first: a
    change committed while the rest is read is applied again on the next use."""
    if seen is None:
        seen = Change.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    languages = [code for code, _name in settings.LANGUAGES]
    index = _load(languages)
    index.seen, index.built, index.history_from = seen, time.time(), seen
    return index


def _load(languages, release_ids=None):
    """An Index of every release, or of those with the given ids (rows in id order)."""
    if release_ids is None and connection.vendor == "postgresql":
        return _load_all_by_copy(languages)
    columns = ["pk", "status", "publish_at", "language", "date", "release_type", "translation_of"]
    queryset = PressRelease.objects.all()
    if release_ids is not None:
        queryset = queryset.filter(pk__in=release_ids)
    rows = list(queryset.order_by("pk").values_list(*columns))
    languages = list(languages)
    for row in rows:
        if row[3] not in languages:
            languages.append(row[3])
    codes = {code: i for i, code in enumerate(languages)}
    types = {value: i for i, value in enumerate(TYPES)}
    ids = np.fromiter((row[0] for row in rows), dtype=np.int64, count=len(rows))
    index = Index(
        ids=ids,
        published=np.fromiter((row[1] == PUBLISHED for row in rows), dtype=bool, count=len(rows)),
        publish_at=np.fromiter((micros(row[2]) for row in rows), dtype=np.int64, count=len(rows)),
        language=np.fromiter((codes[row[3]] for row in rows), dtype=np.int16, count=len(rows)),
        date=np.fromiter((row[4].toordinal() for row in rows), dtype=np.int32, count=len(rows)),
        type=np.fromiter((types.get(row[5], -1) for row in rows), dtype=np.int8, count=len(rows)),
        group=np.fromiter((row[6] or row[0] for row in rows), dtype=np.int64, count=len(rows)),
        relations={},
        languages=languages,
    )
    restrict = None if release_ids is None else ids.tolist()
    for name, (through, source, target) in _throughs().items():
        pairs = through.objects.all()
        if restrict is not None:
            pairs = pairs.filter(**{f"{source}__in": restrict})
        index.relations[name] = _pair_rows(index, list(pairs.values_list(source, target)))
    index.tags = _tag_labels(None if restrict is None else index.relations["tag"].terms)
    return index


def _tag_labels(tag_ids=None):
    """{tag id: (slug, name)} of the given tags (all, when None)."""
    tags = Tag.objects.all()
    if tag_ids is not None:
        tags = tags.filter(pk__in=sorted(set(tag_ids.tolist())))
    return {pk: (slug, name) for pk, slug, name in tags.values_list("pk", "slug", "name")}


def _throughs():
    """{facet: (through model, release column, term column)}, tags included."""
    found = {}
    for name, relation in RELATIONS.items():
        model_field = PressRelease._meta.get_field(relation)
        through = model_field.remote_field.through
        found[name] = (through, model_field.m2m_column_name(), model_field.m2m_reverse_name())
    found["tag"] = (TaggedPressRelease, "content_object_id", "tag_id")
    return found


# The whole index from PostgreSQL, as binary integer columns (int_columns): the same
# values as _load() computes in Python from the ORM's rows, a tenth of the time. Dates
# as proleptic ordinals (date.toordinal()), times as microseconds since the epoch,
# language and type as positions in the lists passed (1-based in SQL).
RELEASE_COLUMNS = """
SELECT id,
       (status = %s)::int4::int8,
       (extract(epoch FROM publish_at) * 1000000)::int8,
       array_position(%s::text[], language::text)::int8,
       (date - DATE '0001-01-01' + 1)::int8,
       COALESCE(array_position(%s::text[], release_type::text), 0)::int8,
       COALESCE(translation_of_id, id)::int8
FROM releases_pressrelease
"""


def _load_all_by_copy(languages):
    present = PressRelease.objects.order_by().values_list("language", flat=True).distinct()
    languages = list(languages) + sorted(set(present) - set(languages))
    found = int_columns(RELEASE_COLUMNS, [PUBLISHED, languages, TYPES], 7)
    found = found[np.argsort(found[:, 0], kind="stable")]  # an aggregate keeps no order
    index = Index(
        ids=found[:, 0].copy(),
        published=found[:, 1] == 1,
        publish_at=found[:, 2].copy(),
        language=(found[:, 3] - 1).astype(np.int16),
        date=found[:, 4].astype(np.int32),
        type=(found[:, 5] - 1).astype(np.int8),
        group=found[:, 6].copy(),
        relations={},
        languages=languages,
    )
    quote = connection.ops.quote_name
    for name, (through, source, target) in _throughs().items():
        # Identifiers of our own models, quoted; no value from outside.
        table = quote(through._meta.db_table)
        sql = f"SELECT {quote(source)}::int8, {quote(target)}::int8 FROM {table}"  # noqa: S608  # nosec B608
        index.relations[name] = _pair_rows(index, int_columns(sql, [], 2))
    index.tags = _tag_labels()
    return index


def int_columns(sql, params, width):
    """The rows of a PostgreSQL query whose `width` columns are all non-null int8, as an
    (n, width) int64 array: PostgreSQL packs them into one bytea (8 big-endian bytes a
    value), so no Python object is made per value (COPY hands over a row at a time)."""
    names = [f"c{i}" for i in range(width)]
    packed = " || ".join(f"int8send({name})" for name in names)
    # Our own fixed statements (RELEASE_COLUMNS, a through table, search.MATCHING).
    statement = f"SELECT string_agg({packed}, ''::bytea) FROM ({sql}) AS q({', '.join(names)})"  # noqa: S608  # nosec B608
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        data = cursor.fetchone()[0] or b""
    return np.frombuffer(bytes(data), dtype=">i8").astype(np.int64).reshape(-1, width)


def _pair_rows(index, values):
    found = np.asarray(values, dtype=np.int64).reshape(-1, 2)
    rows = np.searchsorted(index.ids, found[:, 0]) if len(index.ids) else found[:, 0]
    if len(index.ids):
        inside = rows < len(index.ids)
        inside[inside] = index.ids[rows[inside]] == found[inside, 0]
        rows, found = rows[inside], found[inside]
    return _pairs(rows, found[:, 1])


engine = Engine()


# -- queries -------------------------------------------------------------------------------


@dataclass
class Selection:
    """A validated filter (PressReleaseFilter's cleaned data) evaluated on one snapshot
    for one language: masks per active filter, combined on demand."""

    index: Index
    data: dict
    language: str
    masks: dict = field(default_factory=dict)  # filter name -> mask of its own
    base: np.ndarray = None  # what the language shows at this moment
    # filter name -> what a release must have to pass it: term ids (offices with every
    # office below them), type values, a date's ordinal, the search text (scopes)
    wanted: dict = field(default_factory=dict)
    moment: int = None  # the time `base` was taken at (microseconds since the epoch)
    _combined: dict = field(default_factory=dict)  # matching() by the filter left out
    _packed: dict = field(default_factory=dict)  # packed() likewise

    def matching(self, *, but=None):
        """The mask of every active filter (but the named one)."""
        but = but if but in self.masks else None  # no filter of its own: all of them
        if but not in self._combined:
            mask = self.base
            for name, own in self.masks.items():
                if name != but:
                    mask = mask & own
            self._combined[but] = mask
        return self._combined[but]

    def packed(self, *, but=None):
        """matching() as 64-bit words, for term_bits()."""
        but = but if but in self.masks else None
        if but not in self._packed:
            self._packed[but] = _packed(self.matching(but=but))
        return self._packed[but]

    @property
    def count(self):
        return int(np.count_nonzero(self.matching()))

    def ids(self, *, order="newest", start=0, stop=None):
        """The matching release ids in the listing's order ("newest", "oldest") or the
        feeds' ("publication"), from `start` to `stop`."""
        index = self.index
        ordered = index.publication_order() if order == "publication" else index.newest_order()
        if order == "oldest":
            ordered = ordered[::-1]
        mask = self.matching()
        if stop is None:
            return index.ids[ordered[mask[ordered]][start:]].tolist()
        # The first pages of a listing that matches much are found near the start of the
        # order: read it in growing steps rather than all of it (a fifth of a millisecond
        # at 100,000 releases, against half a millisecond for the whole order).
        found, taken, begin, step = [], 0, 0, max(1024, 4 * stop)
        while begin < len(ordered) and taken < stop:
            part = ordered[begin : begin + step]
            part = part[mask[part]]
            found.append(part)
            taken += len(part)
            begin, step = begin + step, step * 4
        rows = np.concatenate(found) if found else ordered[:0]
        return index.ids[rows[start:stop]].tolist()

    def facet_counts(self, name):
        """{count key: matching releases} of one facet, over every active filter but its
        own: term ids for the relations, type values, tag slugs. Those of a selection
        with at most one filter and no search (the newsroom's pages, an entity page's)
        are counted once per snapshot (Index.shared_counts())."""
        if len(self.wanted) > 1 or "q" in self.wanted or self.moment is None:
            return self._facet_counts(name)
        others = tuple((key, value) for key, value in self.wanted.items() if key != name)
        key = (self.language, name, others, id(self.index.sources()))
        return self.index.shared_counts(key, self.moment, lambda: self._facet_counts(name))

    def _facet_counts(self, name):
        index = self.index
        if name == "tag":
            terms, bits, rare = index.tag_bits()
            counts = rare.counts(self.matching(but=name))
        else:
            terms, bits = index.type_bits() if name == "type" else index.term_bits(name)
            counts = {}
        if len(terms):
            found = _bits_under(bits, self.packed(but=name))
            counts.update((t, n) for t, n in zip(terms.tolist(), found.tolist(), strict=True) if n)
        if name == "type":
            return {TYPES[code]: n for code, n in counts.items()}
        if name == "tag":
            labels = index.tags
            return {labels[pk]: n for pk, n in counts.items() if pk in labels}
        return counts


def select(data, *, language, matching_ids=None, now=None):
    """The Selection for PressReleaseFilter's cleaned `data` in `language`.
    `matching_ids(text)` answers a full-text search with the ids of the matching
    releases (releases.search: PostgreSQL's vectors or SQLite's fallback)."""
    index = engine.current()
    selection = Selection(index=index, data=data, language=language)
    selection.moment = micros(now or timezone.now())
    selection.base = index.visible(language, selection.moment)
    terms = vocabulary()
    by_slug = {
        "field": terms.fields,
        "country": terms.countries,
        "source": terms.structures,
        "meeting": terms.meetings,
    }
    for name, values in data.items():
        if not values or name == "sort":
            continue
        wanted = selection.wanted
        if name in by_slug:
            slugs = set(values)
            ids = {term.pk for term in by_slug[name] if term.slug in slugs}
            selection.masks[name] = _carrying(index, name, ids)
            wanted[name] = frozenset(terms.subtree_ids(ids) if name == "source" else ids)
        elif name == "tag":
            ids = getattr(values, "ids", None) or index.tag_ids(values)  # read by the FilterSet
            selection.masks[name] = _mask(index, index.relations["tag"].rows_with(ids))
            wanted[name] = frozenset(ids)
        elif name == "type":
            codes = [TYPES.index(value) for value in values if value in TYPES]
            selection.masks[name] = np.isin(index.type, codes)
            wanted[name] = frozenset(values)
        elif name == "from":
            selection.masks[name] = index.date >= values.toordinal()
            wanted[name] = values.toordinal()
        elif name == "to":
            selection.masks[name] = index.date <= values.toordinal()
            wanted[name] = values.toordinal()
        elif name == "q":
            found = lexemes.mask(index, values, language)
            if found is None:
                found = _mask(index, index.rows_of(matching_ids(values)))
            selection.masks[name] = found
            wanted[name] = values
    return selection


def related(release_id, *, moment, fields, countries, language, limit, now=None):
    """The ids of the `limit` releases that published() shows in `language`, share a
    field of work or a country with the release `release_id` (itself left out) and were
    published nearest in time to `moment` (its publication; ties: the higher id), newest
    first: a release page's related releases (releases.selectors.related_releases)."""
    index = engine.current()
    mask = _carrying(index, "field", fields) | _carrying(index, "country", countries)
    mask &= index.visible(language, now)
    mask[index.rows_of([release_id])] = False
    rows = np.flatnonzero(mask)
    distance = np.abs(index.publish_at[rows] - micros(moment))
    if len(rows) > limit:  # the nearest, and any tied with the last of them
        near = distance <= np.partition(distance, limit - 1)[limit - 1]
        rows, distance = rows[near], distance[near]
    keys = zip(distance.tolist(), (-index.ids[rows]).tolist(), rows.tolist(), strict=True)
    nearest = sorted(keys)
    shown = [row for _distance, _id, row in nearest[:limit]]
    shown.sort(key=lambda row: (-int(index.publish_at[row]), -int(index.ids[row])))
    return [int(index.ids[row]) for row in shown]


def _descending(values):
    """Row positions by `values`, highest first, ties by id, highest first (rows are in
    id order): a stable sort of the rows taken from the last."""
    backwards = np.arange(len(values) - 1, -1, -1)
    return backwards[np.argsort(-values[backwards].astype(np.int64), kind="stable")]


def _distinct(values):
    """The distinct values, sorted: np.unique without its hash table, which took over a
    second here for half a million int64."""
    values = np.sort(values)
    if len(values):
        values = values[np.concatenate([[True], values[1:] != values[:-1]])]
    return values


def _bit_rows(pairs, count):
    """(term ids, bit matrix) of (row, term) pairs over `count` rows: each term present
    with its rows as bits, 64 to a word (Index.term_bits)."""
    present = np.bincount(pairs.terms) > 0 if len(pairs.terms) else np.zeros(0, bool)
    terms = np.flatnonzero(present)
    which = (np.cumsum(present) - 1)[pairs.terms]
    matrix = np.zeros((len(terms), _words(count) * 64), dtype=bool)
    matrix[which, pairs.rows] = True
    return terms, np.packbits(matrix, axis=1, bitorder="little").view(np.uint64)


class Scratch(threading.local):
    """Each thread's working space for _bits_under(): a facet's rows of bits under a mask
    are counted a block of columns at a time in it, rather than in a new array the size
    of the matrix (a megabyte for the countries at 100,000 releases, a fresh mapping on
    every request, paid for in page faults)."""

    WORDS = 32 * 1024

    def __init__(self):
        self.words = np.empty(self.WORDS, dtype=np.uint64)
        self.counts = np.empty(self.WORDS, dtype=np.uint8)


_scratch = Scratch()


def _bits_under(bits, packed):
    """For each row of the bit matrix `bits`, how many of its bits are set in `packed`
    too (popcount(row & packed)), as int64."""
    terms, words = bits.shape
    found = np.zeros(terms, dtype=np.int64)
    if not terms or not words:
        return found
    step = max(1, Scratch.WORDS // terms)
    for start in range(0, words, step):
        stop = min(start + step, words)
        size = terms * (stop - start)
        block = _scratch.words[:size].reshape(terms, stop - start)
        counts = _scratch.counts[:size].reshape(terms, stop - start)
        np.bitwise_and(bits[:, start:stop], packed[start:stop], out=block)
        np.bitwise_count(block, out=counts)
        found += counts.sum(axis=1, dtype=np.int64)
    return found


def _words(rows):
    return (rows + 63) // 64


def _packed(mask):
    """A boolean mask as 64-bit words, bit i of word w for row 64w + i (term_bits())."""
    packed = np.packbits(mask, bitorder="little")
    padded = np.zeros(_words(len(mask)) * 8, dtype=np.uint8)
    padded[: len(packed)] = packed
    return padded.view(np.uint64)


def _carrying(index, name, term_ids):
    """The mask of the rows carrying any of the given terms of a vocabulary relation,
    from their rows of bits (term_bits()): an OR of a few rows of words, where finding
    the rows among the pairs took half a millisecond a filter at 100,000 releases."""
    terms, bits = index.term_bits(name)
    chosen = np.flatnonzero(np.isin(terms, list(term_ids))) if term_ids else []
    if not len(chosen):
        return np.zeros(len(index.ids), dtype=bool)
    words = np.bitwise_or.reduce(bits[chosen], axis=0)
    return np.unpackbits(words.view(np.uint8), bitorder="little")[: len(index.ids)].view(bool)


def _mask(index, rows):
    mask = np.zeros(len(index.ids), dtype=bool)
    mask[rows] = True
    return mask
