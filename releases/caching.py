"""Cache lifetimes that never outlive the news: content changes bump a version that
every key includes, and no entry lives past the next scheduled release's time."""

import hashlib

from django.core.cache import cache
from django.db.models import Min
from django.utils import timezone
from django.utils.translation import get_language

from osce_site import cache as stamps
from osce_site.cache import TAXONOMY, settle_cap, version

from .models import PressRelease

CONTENT = "content"
MAX_LIFETIME = 300


def versions(fetch=()):
    """The content and taxonomy stamps as one string; with `fetch`, (that string, the
    cache's values of those keys), all in one round trip."""
    found, fetched = stamps.versions(CONTENT, TAXONOMY, fetch=fetch)
    joined = ".".join(map(str, found))
    return (joined, fetched) if fetch else joined


def next_scheduled_publication():
    """When the next scheduled release becomes public (cached per content version)."""
    key = f"next-publication:{version(CONTENT)}"
    found = cache.get(key)
    if found is None:
        now = timezone.now()
        upcoming = PressRelease.objects.scheduled().aggregate(first=Min("publish_at"))["first"]
        found = upcoming or "none"
        # Not past the time itself: then the next one is wanted.
        until = (upcoming - now).total_seconds() if upcoming else MAX_LIFETIME
        cache.set(key, found, max(1, min(MAX_LIFETIME, int(until))))
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
