"""Cache lifetimes that never outlive the news: content changes bump a version that
every key includes, and no entry lives past the next scheduled release's time."""

from django.core.cache import cache
from django.db.models import Min
from django.utils import timezone

from osce_site.cache import TAXONOMY, version

from .models import PressRelease

CONTENT = "content"
MAX_LIFETIME = 300


def versions():
    return f"{version(CONTENT)}.{version(TAXONOMY)}"


def next_scheduled_publication():
    """When the next scheduled release becomes public (cached per content version)."""
    key = f"next-publication:{version(CONTENT)}"
    found = cache.get(key)
    if found is None:
        now = timezone.now()
        upcoming = PressRelease.objects.filter(
            status=PressRelease.Status.PUBLISHED, publish_at__gt=now
        ).aggregate(first=Min("publish_at"))["first"]
        found = upcoming or "none"
        cache.set(key, found, MAX_LIFETIME)
    return None if found == "none" else found


def lifetime():
    """Seconds a cached public answer may live: at most MAX_LIFETIME, and never past
    the moment a scheduled release goes live."""
    upcoming = next_scheduled_publication()
    if upcoming is None:
        return MAX_LIFETIME
    seconds = (upcoming - timezone.now()).total_seconds()
    return max(1, min(MAX_LIFETIME, int(seconds)))
