"""The one change hook. Every write path (the admin, save(), m2m and tag changes through
signals, bulk commands, imports, translation syncing) calls record() with the releases
it changed, or with none to say "anything may have changed" (a bulk import, a tag
rename). In the writing transaction it adds rows to releases_change, which the listing
engine reads before every use (releases.engine); once the transaction commits, the
cache's content version moves (osce_site.cache.bump), which makes every cached page,
fragment and feed stale at once, and email alerts look for releases that have just
become public (alerts.recording)."""

import itertools
import random
import threading

from django.core.signals import request_finished, request_started
from django.db import connection, transaction
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


class Request(threading.local):
    """The request this thread is serving (a number; 0 outside one) and the newest
    change ids it read, with `written.count` at the time: within one request the change
    log is read once, again only after this thread records a change."""

    serial = 0
    newest = None  # ((serial, written.count), (newest, newest of everything))


request = Request()
_serials = itertools.count(1)


def _request_started(**kwargs):
    request.serial, request.newest = next(_serials), None


def _request_finished(**kwargs):
    request.serial, request.newest = 0, None


request_started.connect(_request_started, dispatch_uid="changes-read-per-request")
request_finished.connect(_request_finished, dispatch_uid="changes-read-per-request")


def request_key():
    """What a read of the change log within a request is good for: this request (0
    outside one), until this thread records a change."""
    return (request.serial, written.count)


def newest_changes():
    """(the newest change id, the newest change of everything), 0 for none, in one
    indexed read: what the listing engine compares its snapshot with, and what keys the
    vocabulary of a process with no shared cache (newest_change_of_everything)."""
    key = request_key()
    if key[0] and request.newest is not None and request.newest[0] == key:
        return request.newest[1]
    table = connection.ops.quote_name(Change._meta.db_table)
    with connection.cursor() as cursor:
        # Our own table's name, quoted; no value from outside.
        cursor.execute(
            f"SELECT (SELECT MAX(id) FROM {table}), "  # noqa: S608  # nosec B608
            f"(SELECT MAX(id) FROM {table} WHERE release_id IS NULL)"
        )
        newest, everything = cursor.fetchone()
    found = (newest or 0, everything or 0)
    if key[0]:
        request.newest = (key, found)
    return found


def newest_change_of_everything():
    """The id of the newest change of everything (a taxonomy change, a tag rename, a bulk
    import), or 0: with no cache shared between processes, the vocabulary and the menu
    each process keeps are current while this stays the same (osce_site.cache's stamp
    source for TAXONOMY). Read with the newest change (newest_changes())."""
    return newest_changes()[1]


def prune():
    """Forget changes older than a day: an index older than that rebuilds itself."""
    Change.objects.filter(at__lt=timezone.now() - KEEP).delete()
