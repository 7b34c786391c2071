"""Caching, the whole scheme in one place.

Nothing cached is ever trusted past a change. Two version stamps name the state of what
pages show: CONTENT (releases, their relations and tags) and TAXONOMY (the vocabularies
and the menu); every write moves one of them once its transaction commits (releases
.changes.record(), the one change hook, and taxonomy's signals call bump()). Three things
are kept under those stamps, each because a benchmark row needs it (tests/bench/site.py,
the issue 14 note): whole anonymous pages (PageCacheMiddleware, "cache on": every
page row, and the long tail), rendered fragments that a logged-in editor's live page
reuses (fragment(), "cache off": release page, listing, entity page, feeds), and
process-local copies of both in front of Redis with the stamps kept current by Redis
pub/sub (StampWatcher, LocalCopies: a hit with no round trip at all; "cache shared" is
the same without them, CACHE_LOCAL_COPIES). A stored page whose view said what it shows
of the releases (its scope: releases.scopes) outlives a content change that does not
concern it: it is checked against the listing engine's record of what changed, and
stored again under the new stamps. An entry lives at most MAX_LIFETIME seconds and
never past the next scheduled publication (lifetime(), asked of the function the
releases app registers), so a release reaching its time shows without a write. When
many requests miss the same page at once (after a publication), one renders it and the
others get the copy it replaces, for at most STALE_SECONDS, or wait for the new one (no
dogpile). With no shared cache (DJANGO_CACHE=off), or Redis away, hung or full
(osce_site.redis_cache), each request takes its stamps from the database where the
releases app registered a source (TAXONOMY: the newest change of everything, so the
vocabulary and the menu a process keeps are reused until the taxonomy changes), or
makes its own: every request computes its page, correctly, and nothing stale is
served. The listings themselves need no cache to be fast: releases.engine keeps its
own index current from the database."""

import contextlib
import hashlib
import math
import sys
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, replace

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.dummy import DummyCache
from django.core.exceptions import MiddlewareNotUsed
from django.core.signals import request_started
from django.db import transaction
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date, parse_http_date_safe, quote_etag
from django.utils.translation import get_language

from osce_site.http import is_anonymous, is_storable_query
from osce_site.locale import path_language

# Also the name settings.CACHES gives the backend (osce_site.cache.RedisCache).
from osce_site.redis_cache import CHANNEL, RedisCache, stamp_namespaces

CONTENT = "content"
TAXONOMY = "taxonomy"


class StampWatcher(threading.local):
    """This thread's copy of the version stamps, kept current through Redis pub/sub:
    bump() publishes, and every read first drains this thread's subscription without
    blocking (one poll() of a socket), dropping the copy on any message. A warm page
    then needs no round trip to Redis at all. The copy is also re-read every REFRESH
    seconds, so a subscription that died silently costs at most that much staleness.
    Only with the Redis backend; elsewhere every read goes to the cache as before."""

    REFRESH = 1.0

    def __init__(self):
        self.pubsub = None
        self.source = None  # the cache object subscribed through
        self.stamps = {}
        self.read_at = 0.0

    def active(self):
        backend = caches["default"]
        if not settings.CACHE_LOCAL_COPIES:
            return False
        if not isinstance(backend, RedisCache) or not backend.available():
            self.reset()
            return False
        try:
            if self.pubsub is None or self.source is not backend:
                self.reset()
                self.subscribe(backend)
            while message := self.pubsub.get_message(timeout=0):
                if message["type"] == "message":
                    self.stamps = {}
        except Exception as error:  # noqa: BLE001 (any failure: read from the cache instead)
            # Redis is away, hung, or was restarted (which closed the subscription):
            # left alone for a while, as after any failed call.
            self.reset()
            backend.failed(error)
            return False
        if time.monotonic() - self.read_at > self.REFRESH:
            self.stamps, self.read_at = {}, time.monotonic()
        return True

    def subscribe(self, backend):
        self.pubsub, self.source = backend.pubsub(), backend
        self.pubsub.subscribe(channel())
        # Stamps read after the confirmation cannot miss a bump. A hung Redis costs at
        # most the socket timeout here.
        deadline = time.monotonic() + backend.wait
        while True:
            message = self.pubsub.get_message(timeout=max(0.0, deadline - time.monotonic()))
            if message is not None and message["type"] == "subscribe":
                break
            if time.monotonic() >= deadline:
                raise TimeoutError("no subscription confirmation")
        self.stamps, self.read_at = {}, time.monotonic()

    def reset(self):
        if self.pubsub is not None:
            with contextlib.suppress(Exception):  # closing a broken connection
                self.pubsub.close()
        self.pubsub, self.source, self.stamps = None, None, {}


watcher = StampWatcher()


class LocalCopies:
    """This process's most recently used copies of what the shared cache holds, up to a
    number of bytes, each with its expiry. Trusted only while the stamps are known to be
    current (watcher.active()): the copies are of entries built on those stamps."""

    def __init__(self, limit):
        self.limit = limit
        self.entries = OrderedDict()  # key -> (value, size, expires)
        self.size = 0
        self.lock = threading.Lock()

    def get(self, key):
        with self.lock:
            entry = self.entries.get(key)
            if entry is None:
                return None
            if entry[2] <= time.time():
                self.size -= self.entries.pop(key)[1]
                return None
            self.entries.move_to_end(key)
            return entry[0]

    def put(self, key, value, *, size, expires):
        size += 1024  # the key and the bookkeeping
        if size > self.limit // 8:
            return
        with self.lock:
            old = self.entries.pop(key, None)
            if old is not None:
                self.size -= old[1]
            self.entries[key] = (value, size, expires)
            self.size += size
            while self.size > self.limit:
                self.size -= self.entries.popitem(last=False)[1][1]


def channel():
    return caches["default"].make_key(CHANNEL)


def _read(namespace):
    key = f"version:{namespace}"
    value = cache.get(key)
    if value is None:
        if _per_request():  # the read failed: Redis is away
            return _request_stamp(namespace)
        value = time.time_ns()
        # add() keeps a value another process set in the meantime.
        if cache.add(key, value, timeout=None):
            _publish(namespace)
        else:
            value = cache.get(key)
            if value is None:  # not stored (Redis refused it): nothing can be shared
                return _request_stamp(namespace)
    return value


class RequestStamps(threading.local):
    """With no cache at all (DJANGO_CACHE=off), or while Redis is left alone after a
    failure, nothing is stored, so a stamp read from the cache would be new on every
    call, and everything keyed by it (the vocabulary, the menu markup) would be rebuilt
    several times in one request. Instead each request gets its own stamps, taken at its
    first read (from the database, where a source is registered: register_stamp_source)
    and moved by its own writes: every request computes everything at most once, and
    nothing a process keeps for itself outlives a change."""

    def __init__(self):
        self.stamps = {}


request_stamps = RequestStamps()


def _new_request(**kwargs):
    request_stamps.stamps = {}


request_started.connect(_new_request, dispatch_uid="version-stamps-per-request")


def _per_request():
    backend = caches["default"]
    if isinstance(backend, DummyCache):
        return True
    return isinstance(backend, RedisCache) and not backend.available()


_stamp_sources = {}


def register_stamp_source(namespace, source):
    """`source()` answers, from the database, a number that moves with every write the
    namespace's stamp stands for: with no cache shared between processes, a request
    takes the stamp from it (one read) rather than making one of its own, so what a
    process keeps under the stamp (the vocabulary, the menu) outlives the request
    until such a write. The releases app registers its change log for TAXONOMY."""
    _stamp_sources[namespace] = source


def _request_stamp(namespace):
    stamps = request_stamps.stamps
    if namespace not in stamps:
        source = _stamp_sources.get(namespace)
        stamps[namespace] = source() if source is not None else time.time_ns()
    return stamps[namespace]


def version(namespace):
    stamp_namespaces.add(namespace)
    if _per_request():
        return _request_stamp(namespace)
    if not watcher.active():
        return _read(namespace)
    if namespace not in watcher.stamps:
        watcher.stamps[namespace] = _read(namespace)
    return watcher.stamps[namespace]


def shared_version(namespace):
    """version(namespace) when it is shared by every process (Redis, answering), else
    None. Every write moves it once its transaction commits (bump()), so a process that
    read the database after seeing a stamp knows, while the stamp stays, that nothing
    has been written since: what the listing engine needs to skip its read of the
    change log (releases.engine)."""
    backend = caches["default"]
    if not isinstance(backend, RedisCache) or not backend.available():
        return None
    return version(namespace)


def versions(*namespaces, fetch=()):
    """version() of each namespace, in one round trip to the cache when all are set (none
    when this thread's copy is current), and the cache's values of the `fetch` keys from
    the same round trip: (stamps, found)."""
    stamp_namespaces.update(namespaces)
    if _per_request():
        return [version(namespace) for namespace in namespaces], {}
    watched = watcher.active()
    keys = [f"version:{namespace}" for namespace in namespaces]
    if watched and all(namespace in watcher.stamps for namespace in namespaces):
        keys = []
    found = cache.get_many([*keys, *fetch]) if keys or fetch else {}
    stamps = []
    for namespace in namespaces:
        stamp = watcher.stamps.get(namespace) if watched else None
        stamp = stamp or found.get(f"version:{namespace}") or _read(namespace)
        if watched:
            watcher.stamps[namespace] = stamp
        stamps.append(stamp)
    return stamps, {key: found[key] for key in fetch if key in found}


def _publish(namespace):
    backend = caches["default"]
    if isinstance(backend, RedisCache):
        backend.publish(channel(), namespace)


def bump(namespace):
    """Move the namespace's stamp. Never fails for the cache: with Redis away the write
    is remembered and, when Redis answers again, the stamp is forgotten there (so it is
    made anew) before anything is read from it."""
    stamp_namespaces.add(namespace)

    def stamp():
        value = time.time_ns()
        if namespace in request_stamps.stamps:
            request_stamps.stamps[namespace] = value
        cache.set(f"version:{namespace}", value, timeout=None)
        _publish(namespace)
        if watcher.stamps:
            watcher.stamps[namespace] = value  # this thread reads its own write
        backend = caches["default"]
        if isinstance(backend, RedisCache):
            backend.retry_soon()  # if the write was lost

    stamp()
    # Again once the write is committed: a request that read the first stamp while the
    # transaction was still open may have cached what it saw before the commit.
    transaction.on_commit(stamp)


def settle_cap(*namespaces):
    """Seconds a cached answer may live while a change is still settling (a read replica
    catching up): up to CACHE_SETTLE_SECONDS after the newest of these stamps; None once
    settled, or when no window is configured."""
    window = getattr(settings, "CACHE_SETTLE_SECONDS", 0)
    if not window:
        return None
    age = time.time() - max(versions(*namespaces)[0]) / 1e9
    return max(1, int(window - age)) if age < window else None


# -- lifetimes and fragments -------------------------------------------------------

MAX_LIFETIME = 300
# How long this process trusts its own copy of a fragment fetched from the shared cache.
LOCAL_SECONDS = 5


def current_versions(fetch=()):
    """The content and taxonomy stamps as one string; with `fetch`, (that string, the
    cache's values of those keys), all in one round trip."""
    found, fetched = versions(CONTENT, TAXONOMY, fetch=fetch)
    joined = ".".join(map(str, found))
    return (joined, fetched) if fetch else joined


_next_publication = LocalCopies(64 * 1024)  # this process's copy
_next_publication_source = None


def register_next_publication(source):
    """`source()` answers when the next scheduled release becomes public (an aware
    datetime, or None): the releases app registers it, so that nothing here imports
    the apps whose pages are cached."""
    global _next_publication_source
    _next_publication_source = source


def next_scheduled_publication():
    """When the next scheduled release becomes public (cached per content version, and
    kept in this process until it expires, as in the cache)."""
    key = f"next-publication:{version(CONTENT)}"
    found = _next_publication.get(key)
    if found is None:
        found = cache.get(key)
        if found is None:
            now = timezone.now()
            upcoming = _next_publication_source() if _next_publication_source else None
            found = upcoming or "none"
            # Not past the time itself: then the next one is wanted.
            until = (upcoming - now).total_seconds() if upcoming else MAX_LIFETIME
            cache.set(key, found, max(1, min(MAX_LIFETIME, int(until))))
        # Locally no longer than until that publication (or briefly, if none).
        expires = time.time() + LOCAL_SECONDS
        if found != "none":
            expires = min(expires, found.timestamp())
        _next_publication.put(key, found, size=0, expires=expires)
    return None if found == "none" else found


def lifetime():
    """Seconds a cached public answer may live: at most MAX_LIFETIME, never past the
    moment a scheduled release goes live, and briefly while a change settles."""
    seconds = MAX_LIFETIME
    upcoming = next_scheduled_publication()
    if upcoming is not None:
        seconds = max(1, min(seconds, int((upcoming - timezone.now()).total_seconds())))
    settling = settle_cap(CONTENT, TAXONOMY)
    return min(seconds, settling) if settling else seconds


def fragment_key(kind, *parts):
    """The cache key of a rendered fragment: what it shows (`parts`, e.g. a path and a
    canonical query), in the current language, under the current content and taxonomy
    versions, so that any write makes every fragment built before it unreachable."""
    digest = hashlib.blake2b("\x00".join(map(str, parts)).encode(), digest_size=16)
    return f"fragment:{kind}:{current_versions()}:{get_language()}:{digest.hexdigest()}"


local_fragments = LocalCopies(8 * 1024 * 1024)


def _fragments_kept_locally():
    """Whether this process keeps copies of fragments: only without the page cache (what
    an editor's live pages use, "cache off"). With it a fragment is read when its page
    was not found, which after a change is when the fragment is new as well (both are
    keyed by the stamps): the copies bought no benchmark row there and cost each
    worker some 10 MB (make bench, mode "on")."""
    return not settings.PAGE_CACHE and watcher.active()


class StoredPageRender(threading.local):
    """Whether this thread is rendering a page that the page cache will keep. Its
    fragments are then neither read nor stored: keyed by the same stamps as the page, a
    fragment would be read only when its page was not found, which after a change is
    when the fragment is new too. Reading and storing them cost a re-rendered page two
    round trips to Redis and a pickled copy of most of its markup (long tail with
    publications, make bench)."""

    active = False


stored_page_render = StoredPageRender()


def get_fragment(key):
    """A rendered fragment (a string, or a tuple of strings) stored by set_fragment()."""
    if stored_page_render.active:
        return None
    local = _fragments_kept_locally()
    found = local_fragments.get(key) if local else None
    if found is None:
        found = cache.get(key)
        if found is not None and local:
            # Its remaining lifetime in the shared cache is not known here: a short one,
            # never past the next scheduled publication, is enough.
            _keep_locally(key, found, min(LOCAL_SECONDS, lifetime()))
    return found


def set_fragment(key, value):
    if isinstance(caches["default"], DummyCache) or stored_page_render.active:
        return  # nothing is kept (DJANGO_CACHE=off), or the whole page is
    seconds = lifetime()
    cache.set(key, value, seconds)
    if _fragments_kept_locally():
        _keep_locally(key, value, min(seconds, LOCAL_SECONDS))


def _keep_locally(key, value, seconds):
    parts = value if isinstance(value, tuple) else (value,)
    # What the parts take in memory: a string with one character past Latin-1 (a "×", a
    # "…") takes two bytes a character, four past the Basic Multilingual Plane.
    size = sum(sys.getsizeof(part) for part in parts if isinstance(part, str | bytes))
    local_fragments.put(key, value, size=size, expires=time.time() + seconds)


def fragment(kind, *parts, render):
    """The fragment named by `kind` and `parts`, rendered by `render()` when not cached."""
    key = fragment_key(kind, *parts)
    found = get_fragment(key)
    if found is None:
        found = render()
        set_fragment(key, found)
    return found


# -- whole pages ------------------------------------------------------------------

STORED_STATUSES = {200, 301, 302, 404}
# A stored page is the same for every visitor without the cookies below, whatever the
# rest of the request; the language is part of the key.
STORABLE_VARY = {"cookie", "accept-language"}
CONDITIONAL_HEADERS = (
    "HTTP_IF_NONE_MATCH",
    "HTTP_IF_MODIFIED_SINCE",
    "HTTP_IF_MATCH",
    "HTTP_IF_UNMODIFIED_SINCE",
)
# Per process, in front of Redis: the hit rows of the benchmark (a listing page is about
# 60 kB, a release page 26 kB: 500 of them in the "release page" row) at about 40 MB of
# worker memory with the fragments' (the issue 14 note).
LOCAL_BYTES = 16 * 1024 * 1024
# No dogpile: the first request for a stale page renders it (holding a claim for at most
# RENDER_SECONDS); the others get the copy it replaces if the change is at most
# STALE_SECONDS old, or wait up to WAIT_SECONDS for the new one.
RENDER_SECONDS = 10
STALE_SECONDS = 5
WAIT_SECONDS = 3
WAIT_STEP = 0.02


class PageCacheMiddleware:
    def __init__(self, get_response):
        backend = settings.CACHES["default"]["BACKEND"]
        if backend.endswith("DummyCache"):
            raise MiddlewareNotUsed("no cache to keep pages in (DJANGO_CACHE=off)")
        self.get_response = get_response
        self.skipped_paths = (
            f"/{settings.ADMIN_URL}",
            "/healthz",
            "/readyz",
            "/bench/",  # the benchmark's baseline measures the bare stack
        )
        self.local = LocalCopies(LOCAL_BYTES)

    def __call__(self, request):
        if not (settings.PAGE_CACHE and self.is_cacheable(request)):
            return self.get_response(request)
        request.stores_page = True  # stores_page(): views give the page's scope
        key = self.key(request)
        versions, entry, previous = self.lookup(key)
        if entry is not None:
            return self.finish(request, rebuild(entry), entry)
        claimed = self.claim(key)
        if not claimed:
            found = self.while_another_renders(key, versions, previous)
            if found is not None:
                return self.finish(request, rebuild(found), found)
        try:
            response, entry = self.render(request, key, versions)
        finally:
            if claimed:
                cache.delete(f"rendering:{key}")
        if entry is None:
            return response
        return self.finish(request, response, entry)

    def lookup(self, key):
        """(current versions, the stored entry if it is current, the stored entry if it
        is not). With Redis and a live stamp subscription, a page this process served
        before costs no round trip; otherwise the stamps and the page come in one."""
        if watcher.active():
            versions = current_versions()
            entry = self.local.get(key)
            if not is_current(entry, versions):
                entry = cache.get(key)
                if is_current(entry, versions):
                    self.local.put(key, entry, size=len(entry.content), expires=entry.expires)
        else:
            versions, found = current_versions(fetch=[key])
            entry = found.get(key)
        if is_current(entry, versions):
            return versions, entry, None
        kept = still_valid(entry, versions)
        if kept is not None:
            self.store(key, kept)  # under the new stamps: the next request finds it current
            return versions, kept, None
        return versions, None, entry if isinstance(entry, PageEntry) else None

    def claim(self, key):
        """Whether this request is the one to render the page: the first to ask since it
        went stale. Without a cache that all processes share, always."""
        if _per_request():
            return True
        return cache.add(f"rendering:{key}", 1, RENDER_SECONDS)

    def while_another_renders(self, key, versions, previous):
        """What to answer while another request renders the page: the copy it replaces,
        if the change that made it stale is at most STALE_SECONDS old; otherwise the new
        page once it is stored (waiting at most WAIT_SECONDS). None: render it here."""
        changed = max(int(stamp) for stamp in versions.split(".")) / 1e9
        if previous is not None and time.time() - changed <= STALE_SECONDS:
            return previous
        deadline = time.monotonic() + WAIT_SECONDS
        while time.monotonic() < deadline:
            time.sleep(WAIT_STEP)
            entry = cache.get(key)
            if is_current(entry, versions):
                return entry
            if cache.get(f"rendering:{key}") is None:
                return None  # the other request gave up or stored nothing
        return None

    def is_cacheable(self, request):
        if request.method not in ("GET", "HEAD"):
            return False
        if request.path_info.startswith(self.skipped_paths):
            return False
        if "HTTP_AUTHORIZATION" in request.META:
            return False
        # A query with a parameter the view does not read (or for a view that does not
        # say what it reads), or written other than the site writes it, would make one
        # entry per made-up variant: such requests are redirected
        # (osce_site.http.CanonicalQueryMiddleware) or served live.
        return is_anonymous(request) and is_storable_query(request)

    def key(self, request):
        # Scheme, host, path and query: pages carry absolute URLs (canonical links,
        # feeds). GET and HEAD share the entry.
        url = request.build_absolute_uri()
        # The path's language (osce_site.locale): this runs before it is activated, and
        # a page's language never depends on a header or a cookie.
        language = path_language(request.path_info)
        digest = hashlib.blake2b(url.encode("utf-8", "surrogateescape"), digest_size=16)
        return f"page:{language}:{digest.hexdigest()}"

    def render(self, request, key, versions):
        """The live response, and the entry stored for it (None if it is not storable).
        Conditional headers are held back from the view, so that what is stored is the
        full page; they are answered from its validators in finish()."""
        meta = request.META
        held = {name: meta.pop(name) for name in CONDITIONAL_HEADERS if name in meta}
        stored_page_render.active = True
        try:
            response = self.get_response(request)
        finally:
            stored_page_render.active = False
            request.META.update(held)
        if not is_storable(response):
            return response, None
        if response.status_code == 404 and request.META.get("QUERY_STRING"):
            return response, None  # `?page=<any number>`: one entry per number
        if len(response.content) > settings.PAGE_CACHE_MAX_BYTES:
            return response, None
        seconds = lifetime()
        if not response.has_header("ETag"):
            digest = hashlib.blake2b(response.content, digest_size=16).hexdigest()
            response.headers["ETag"] = quote_etag(digest)
        if not response.has_header("Last-Modified"):
            response.headers["Last-Modified"] = http_date()
        entry = PageEntry(
            versions=versions,
            status=response.status_code,
            headers=list(response.items()),
            content=response.content,
            expires=time.time() + seconds,
            scope=getattr(request, "page_scope", None),
        )
        self.store(key, entry)
        return response, entry

    def store(self, key, entry):
        # Kept past its lifetime, for STALE_SECONDS: the copy served while the page that
        # replaces it renders (while_another_renders); never served as current.
        seconds = max(1, math.ceil(entry.expires - time.time()))
        cache.set(key, entry, seconds + STALE_SECONDS)
        if watcher.active():
            self.local.put(key, entry, size=len(entry.content), expires=entry.expires)

    def finish(self, request, response, entry):
        remaining = max(1, int(entry.expires - time.time()))
        shared = min(settings.PAGE_CACHE_SHARED_MAX_AGE, remaining)
        if response.has_header("Cache-Control"):
            # The view chose its own (feeds); a shared cache still keeps it no longer
            # than this cache does.
            patch_cache_control(response, s_maxage=shared)
        else:
            browser = min(settings.PAGE_CACHE_MAX_AGE, remaining)
            patch_cache_control(response, public=True, max_age=browser, s_maxage=shared)
        if response.status_code != 200:
            return response
        return get_conditional_response(
            request,
            etag=response.headers["ETag"],
            last_modified=parse_http_date_safe(response.headers["Last-Modified"]),
            response=response,
        )


def is_storable(response):
    if response.status_code not in STORED_STATUSES or response.streaming:
        return False
    if response.cookies:
        return False
    control = response.get("Cache-Control", "").lower()
    if "private" in control or "no-store" in control or "no-cache" in control:
        return False
    vary = {h.strip().lower() for h in response.get("Vary", "").split(",") if h.strip()}
    return vary <= STORABLE_VARY


@dataclass(frozen=True)
class PageEntry:
    """A stored page: the versions it was rendered under, the response, its expiry, and
    what it shows of the content, if its view said (request.page_scope)."""

    versions: str
    status: int
    headers: list
    content: bytes
    expires: float
    scope: tuple | None = None


def is_current(entry, versions):
    return (
        isinstance(entry, PageEntry) and entry.versions == versions and entry.expires > time.time()
    )


_scope_check = None


def register_scope_check(check):
    """`check(scope)` answers whether a stored page with that scope still shows what
    it would show now (the scope renewed to the present), or None: the releases app
    registers releases.scopes.still_valid."""
    global _scope_check
    _scope_check = check


def still_valid(entry, versions):
    """A stored page whose content stamp has moved, renewed under `versions`, if none of
    the changes since concerns what it shows (its scope); None otherwise. A taxonomy
    change renders every page again."""
    if not isinstance(entry, PageEntry) or entry.scope is None or _scope_check is None:
        return None
    if entry.expires <= time.time():
        return None
    if entry.versions.split(".")[1:] != versions.split(".")[1:]:
        return None
    scope = _scope_check(entry.scope)
    if scope is None:
        return None
    return replace(entry, versions=versions, scope=scope)


def stores_page(request):
    """Whether the page cache will keep the answer to `request` (if it can be kept):
    then a view says what the page shows of the content (request.page_scope)."""
    return getattr(request, "stores_page", False)


def rebuild(entry):
    response = HttpResponse(entry.content, status=entry.status)
    for name, value in entry.headers:
        response.headers[name] = value
    return response
