"""The one change hook. Every write path (the admin, save(), m2m and tag changes through
signals, bulk commands, imports, translation syncing) calls record() with the releases
it changed, or with none to say "anything may have changed" (a bulk import, a tag
rename). In the writing transaction it adds rows to releases_change, which the listing
engine reads before every use (releases.engine); once the transaction commits, the
cache's content version moves (osce_site.cache.bump), which makes every cached page,
fragment and feed stale at once, and email alerts look for releases that have just
become public (alerts.recording)."""

import random
import threading

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from osce_site.cache import CONTENT, bump

from .models import Change

KEEP = timezone.timedelta(days=1)
PRUNE_ONE_IN = 500
# More releases than this in one write are recorded as a change of everything: the
# engine rebuilds rather than reloading them one by one.
MANY = 1000


class Written(threading.local):
    """How many changes this thread has recorded: the listing engine reads the change
    log again within a request that wrote (releases.engine.Engine.current)."""

    count = 0


written = Written()


def record(release_ids=None):
    """Record a change of the given releases (an iterable of ids), or of everything."""
    from alerts.recording import releases_changed

    ids = None if release_ids is None else sorted({int(pk) for pk in release_ids if pk})
    if ids is None or len(ids) > MANY:
        Change.objects.create(release_id=None)
    elif ids:
        Change.objects.bulk_create([Change(release_id=pk) for pk in ids])
    else:
        return
    written.count += 1
    bump(CONTENT)
    releases_changed(ids)
    if random.randrange(PRUNE_ONE_IN) == 0:  # noqa: S311 (not for security)
        transaction.on_commit(prune, robust=True)


def newest_change_of_everything():
    """The id of the newest change of everything (a taxonomy change, a tag rename, a bulk
    import), or 0: with no cache shared between processes, the vocabulary and the menu
    each process keeps are current while this stays the same (osce_site.cache's stamp
    source for TAXONOMY). One indexed read."""
    newest = Change.objects.filter(release_id__isnull=True).aggregate(newest=Max("pk"))
    return newest["newest"] or 0


def prune():
    """Forget changes older than a day: an index older than that rebuilds itself."""
    Change.objects.filter(at__lt=timezone.now() - KEEP).delete()
