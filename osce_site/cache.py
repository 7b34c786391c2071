"""Version stamps for cached fragments: bump one and every key built on it goes stale.

Works across processes and machines when the cache is shared (Redis). Redis is only a
cache: with it away, hung or full, the stamps are each request's own and a bump is
forgotten there when it returns (osce_site.redis_cache)."""

import contextlib
import threading
import time
from collections import OrderedDict

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.dummy import DummyCache
from django.core.signals import request_started
from django.db import transaction

# Also the name settings.CACHES gives the backend (osce_site.cache.RedisCache).
from osce_site.redis_cache import CHANNEL, RedisCache, stamp_namespaces

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
    first read and moved by its own writes: every request computes everything once, and
    nothing a process keeps for itself outlives the request."""

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


def _request_stamp(namespace):
    return request_stamps.stamps.setdefault(namespace, time.time_ns())


def version(namespace):
    stamp_namespaces.add(namespace)
    if _per_request():
        return _request_stamp(namespace)
    if not watcher.active():
        return _read(namespace)
    if namespace not in watcher.stamps:
        watcher.stamps[namespace] = _read(namespace)
    return watcher.stamps[namespace]


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
