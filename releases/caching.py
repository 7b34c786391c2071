"""Cache lifetimes that never outlive the news: content changes bump a version that
every key includes, and no entry lives past the next scheduled release's time."""

import hashlib
import time

from django.core.cache import cache
from django.db.models import Min
from django.utils import timezone
from django.utils.translation import get_language

from osce_site import cache as stamps
from osce_site.cache import TAXONOMY, settle_cap, version

from .models import PressRelease

CONTENT = "content"
MAX_LIFETIME = 300
# How long this process trusts its own copy of a fragment fetched from the shared cache.
LOCAL_SECONDS = 5


def versions(fetch=()):
    """The content and taxonomy stamps as one string; with `fetch`, (that string, the
    cache's values of those keys), all in one round trip."""
    found, fetched = stamps.versions(CONTENT, TAXONOMY, fetch=fetch)
    joined = ".".join(map(str, found))
    return (joined, fetched) if fetch else joined


_next_publication = stamps.LocalCopies(64 * 1024)  # this process's copy


def next_scheduled_publication():
    """When the next scheduled release becomes public (cached per content version, and
    kept in this process until it expires, as in the cache)."""
    key = f"next-publication:{version(CONTENT)}"
    found = _next_publication.get(key)
    if found is None:
        found = cache.get(key)
        if found is None:
            now = timezone.now()
            scheduled = PressRelease.objects.scheduled()
            upcoming = scheduled.aggregate(first=Min("publish_at"))["first"]
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
    return f"fragment:{kind}:{versions()}:{get_language()}:{digest.hexdigest()}"


local_fragments = stamps.LocalCopies(16 * 1024 * 1024)


def get_fragment(key):
    """A rendered fragment (a string, or a tuple of strings) stored by set_fragment()."""
    local = stamps.watcher.active()
    found = local_fragments.get(key) if local else None
    if found is None:
        found = cache.get(key)
        if found is not None and local:
            # Its remaining lifetime in the shared cache is not known here: a short one,
            # never past the next scheduled publication, is enough.
            _keep_locally(key, found, min(LOCAL_SECONDS, lifetime()))
    return found


def set_fragment(key, value):
    seconds = lifetime()
    cache.set(key, value, seconds)
    if stamps.watcher.active():
        _keep_locally(key, value, min(seconds, LOCAL_SECONDS))


def _keep_locally(key, value, seconds):
    parts = value if isinstance(value, tuple) else (value,)
    size = sum(len(part) for part in parts if isinstance(part, str | bytes))
    local_fragments.put(key, value, size=size, expires=time.time() + seconds)


def fragment(kind, *parts, render):
    """The fragment named by `kind` and `parts`, rendered by `render()` when not cached."""
    key = fragment_key(kind, *parts)
    found = get_fragment(key)
    if found is None:
        found = render()
        set_fragment(key, found)
    return found
