"""Version stamps for cached fragments: bump one and every key built on it goes stale.

Works across processes and machines when the cache is shared (Redis)."""

import time

from django.core.cache import cache

TAXONOMY = "taxonomy"


def version(namespace):
    key = f"version:{namespace}"
    value = cache.get(key)
    if value is None:
        value = time.time_ns()
        # add() keeps a value another process set in the meantime.
        if not cache.add(key, value, timeout=None):
            value = cache.get(key, value)
    return value


def bump(namespace):
    cache.set(f"version:{namespace}", time.time_ns(), timeout=None)
