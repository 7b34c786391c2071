"""The one change hook (STYLE.md §14): every write to releases — the admin, save(), the
relations and tags, bulk commands, translation syncing, imports — calls
content_changed(). It moves the content version (cached pages go stale) and records,
after the commit, the work email alerts have to do."""

from osce_site.cache import bump


def content_changed(release_ids=None):
    """A write changed releases (`release_ids`, or any number of them when None)."""
    from alerts.recording import releases_changed

    from .caching import CONTENT

    bump(CONTENT)
    releases_changed(release_ids)
