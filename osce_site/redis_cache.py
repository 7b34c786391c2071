"""The Redis cache backend: Django's (its own client, unchanged), never failing for
Redis. Redis is only a cache: a read it cannot answer is a miss, a write is skipped and
remembered, and after a failure the process leaves Redis alone for a few seconds (a
circuit breaker). When Redis answers again the process first forgets there what it
could not write meanwhile, and the version stamps (osce_site.cache), treating the cache
as empty: nothing stored before an outage is served after it (docs/deploy.md, "When a
dependency fails")."""

import logging
import threading
import time

from django.core.cache.backends import redis
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from redis.exceptions import RedisError, ResponseError

CHANNEL = "version-stamps"  # pub/sub channel of stamp changes
# Every stamp namespace this process has used (osce_site.cache): forgotten after an
# outage.
stamp_namespaces = set()
log = logging.getLogger(__name__)


class Breaker:
    """What this process knows of one Redis (shared by its threads, while Django keeps a
    cache object per thread): whether to ask it at all, and which keys it may hold an
    old value of because a write to them did not arrive."""

    LOST_LIMIT = 10_000  # keys; past it, a warning says that some could not be forgotten
    LOG_EVERY = 60.0

    def __init__(self, retry_after):
        self.retry_after = retry_after
        self.lock = threading.Lock()
        self.closed = True
        self.retry_at = 0.0
        self.failures = 0  # calls that failed or were skipped since the last recovery
        self.lost = set()
        self.overflow = 0
        self.logged_at = float("-inf")  # at most one warning a minute, however it flaps
        self.announced = False  # this outage was logged: its end is logged too
        self.down_since = None
        self.retrier = None
        self.soon = threading.Event()  # wakes the retrier before its time

    def trip(self, error):
        with self.lock:
            now = time.monotonic()
            self.closed, self.retry_at = False, now + self.retry_after
            self.failures += 1
            if self.down_since is None:
                self.down_since = now
            if now - self.logged_at < self.LOG_EVERY:
                return
            self.logged_at, self.announced = now, True
        log.warning(
            "Redis cache unavailable (%s: %s): serving without it, retrying every %s s.",
            type(error).__name__,
            error,
            self.retry_after,
        )

    def claim_retry(self, now=False):
        """Whether this caller is the one to try Redis again (one per retry period, or
        `now`, for the retrier woken by a lost stamp)."""
        with self.lock:
            if self.closed:
                return False
            if not now and time.monotonic() < self.retry_at:
                self.failures += 1
                return False
            self.retry_at = time.monotonic() + self.retry_after
            return True

    def lose(self, keys):
        if not keys:
            return
        with self.lock:
            if len(self.lost) + len(keys) > self.LOST_LIMIT:
                self.overflow += len(keys)
            else:
                self.lost.update(keys)

    def retry_in_background(self, reconnect, *, now=False):
        """Keys were lost: Redis is tried again when its retry time comes (or at once),
        whether or not this process is asked for anything, so that what it lost is
        forgotten soon after Redis answers (another process may be reading from it)."""
        with self.lock:
            if self.closed:
                return
            if now:
                self.soon.set()
            if self.retrier is not None:
                return
            self.retrier = threading.Thread(
                target=self._retry, args=(reconnect,), name="redis-retry", daemon=True
            )
        self.retrier.start()

    def _retry(self, reconnect):
        while True:
            with self.lock:
                if self.closed:
                    self.retrier = None
                    return
                wait = self.retry_at - time.monotonic()
            now = self.soon.wait(max(0.0, wait))
            self.soon.clear()
            reconnect(now=now)

    def take_lost(self):
        with self.lock:
            lost, self.lost = self.lost, set()
            return lost

    def close(self, forgotten):
        with self.lock:
            down = time.monotonic() - (self.down_since or time.monotonic())
            overflow, failures, announced = self.overflow, self.failures, self.announced
            self.closed, self.down_since, self.overflow, self.failures = True, None, 0, 0
            self.announced = False
        if announced:
            log.warning(
                "Redis cache answering again after %.1f s (%d calls served without it); "
                "forgot %d keys and the version stamps.",
                down,
                failures,
                forgotten,
            )
        if overflow:
            log.error(
                "%d further keys written during the Redis outage could not be tracked; "
                "sessions among them may show their state from before the outage "
                "until they expire.",
                overflow,
            )


_breakers = {}
_breakers_lock = threading.Lock()


class RedisCache(redis.RedisCache):
    """Django's Redis backend that never raises for Redis: a read that Redis cannot
    answer is a miss, a write is skipped and remembered, and after a failure Redis is
    left alone for OPTIONS["retry_after"] seconds (default 5). Keep its socket timeouts
    short (settings.py): they bound what a hung Redis costs a request."""

    def __init__(self, server, params):
        options = dict(params.get("OPTIONS", {}))
        retry_after = float(options.pop("retry_after", 5.0))
        super().__init__(server, {**params, "OPTIONS": options})
        # How long to wait for the stamp subscription's confirmation.
        self.wait = float(options.get("socket_timeout") or 1.0)
        name = (server if isinstance(server, str) else ",".join(server), self.key_prefix)
        with _breakers_lock:
            self.breaker = _breakers.setdefault(name, Breaker(retry_after))

    def available(self):
        """False while Redis is being left alone after a failure."""
        return self.breaker.closed

    def _call(self, method, args, default=None, *, keys=()):
        """method(*args) against Redis, or `default` when Redis cannot answer; `keys`
        are the keys a write would change, remembered when it does not arrive."""
        if not self.breaker.closed and not self._reconnect():
            self.breaker.lose(keys)
            if keys:
                self.breaker.retry_in_background(self._reconnect)
            return default
        try:
            return method(*args)
        except RedisError as error:
            self.failed(error, keys)
            return default

    def failed(self, error, keys=()):
        if keys and isinstance(error, ResponseError):
            # Redis answered but refused the write (out of memory with noeviction, a
            # read-only replica): what the keys held is not current, so they go now.
            try:
                self._forget(keys)
                keys = ()
            except RedisError:
                pass
        self.breaker.lose(keys)
        self.breaker.trip(error)
        if self.breaker.lost:
            self.breaker.retry_in_background(self._reconnect)

    def retry_soon(self):
        """Try Redis again at once, in the background (a version stamp was not written,
        and another process may be reading the old one where Redis still answers)."""
        if not self.breaker.closed:
            self.breaker.retry_in_background(self._reconnect, now=True)

    def _reconnect(self, now=False):
        """Once the retry time has come, one caller pings Redis and, if it answers,
        forgets what this process could not write while it was away, and the version
        stamps with it: nothing stored before the failure is trusted after it."""
        if not self.breaker.claim_retry(now):
            return self.breaker.closed
        lost = self.breaker.take_lost()
        try:
            self._cache.get_client(write=True).ping()
            stamps = {self.make_key(f"version:{name}") for name in tuple(stamp_namespaces)}
            self._forget(lost | stamps)
        except RedisError as error:
            self.breaker.lose(lost)
            self.breaker.trip(error)
            return False
        self.breaker.close(len(lost))
        # Writes other threads skipped while this one was forgetting.
        if late := self.breaker.take_lost():
            self._call(self._forget, (late,), keys=tuple(late))
        return True

    def _forget(self, keys):
        client = self._cache.get_client(write=True)
        keys = sorted(keys)
        for start in range(0, len(keys), 1000):
            client.delete(*keys[start : start + 1000])
        # Every process drops its copy of the stamps (StampWatcher) and reads them again.
        client.publish(self.make_key(CHANNEL), "*")

    def probe(self):
        """A small write, bypassing the breaker, for the readiness check: a PING would
        succeed while writes are refused (out of memory) or held (CLIENT PAUSE WRITE
        during a failover), and the site then runs without the cache all the same."""
        self._cache.get_client(write=True).set(self.make_key("readiness-probe"), 1, ex=60)

    def publish(self, channel, message):
        client = self._cache.get_client(write=True)
        self._call(client.publish, (channel, message))

    def pubsub(self):
        return self._cache.get_client(write=True).pubsub()

    # Django's cache API, each call through _call().

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        keys = (self.make_key(key, version),)
        return self._call(super().add, (key, value, timeout, version), False, keys=keys)

    def get(self, key, default=None, version=None):
        return self._call(super().get, (key, default, version), default)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        keys = (self.make_key(key, version),)
        self._call(super().set, (key, value, timeout, version), keys=keys)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        keys = (self.make_key(key, version),)
        return self._call(super().touch, (key, timeout, version), False, keys=keys)

    def delete(self, key, version=None):
        keys = (self.make_key(key, version),)
        return self._call(super().delete, (key, version), False, keys=keys)

    def get_many(self, keys, version=None):
        return self._call(super().get_many, (keys, version), {})

    def has_key(self, key, version=None):
        return self._call(super().has_key, (key, version), False)

    def incr(self, key, delta=1, version=None):
        keys = (self.make_key(key, version),)
        value = self._call(super().incr, (key, delta, version), keys=keys)
        if value is None:
            raise ValueError(f"Key '{key}' not found (the cache is unavailable).")
        return value

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        keys = tuple(self.make_key(key, version) for key in data)
        self._call(super().set_many, (data, timeout, version), keys=keys)
        return []

    def delete_many(self, keys, version=None):
        raw = tuple(self.make_key(key, version) for key in keys)
        self._call(super().delete_many, (keys, version), keys=raw)

    def clear(self):
        return self._call(super().clear, (), False)
