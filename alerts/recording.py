"""Where the change hook (releases.changes.record) reaches alerts."""

import threading

from django.db import transaction

from osce_site.tasks import send_now

_pending = threading.local()
EVERYTHING = "*"


def releases_changed(release_ids=None):
    """After the commit, record as publications the releases among `release_ids` (all
    recent ones when None) that have just become public (alerts.tasks.record). Cheap and
    idempotent: a release already recorded is skipped; the scheduler's sweep finds any
    release this missed (the broker was down, the process died after the commit).

    One save calls this several times (the row, each relation, the tags): the ids are
    gathered and the first callback after the commit sends them all as one task, the
    others find nothing left. Ids left over from a rolled-back transaction go with the
    next commit's, where record() finds them not public or already recorded."""
    ids = None if release_ids is None else {int(pk) for pk in release_ids}
    if ids == set():
        return
    gathered = getattr(_pending, "ids", None)
    if gathered is None:
        gathered = _pending.ids = set()
    gathered.update(ids if ids is not None else {EVERYTHING})
    transaction.on_commit(_flush, robust=True)


def _flush():
    from .tasks import record

    gathered = getattr(_pending, "ids", None)
    if not gathered:
        return
    _pending.ids = set()
    send_now(record, None if EVERYTHING in gathered else sorted(gathered))
