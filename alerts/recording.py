"""Where the change hook (releases.changes.content_changed) reaches alerts."""

from osce_site.tasks import enqueue_on_commit


def releases_changed(release_ids=None):
    """After the commit, record as publications the releases among `release_ids` (all
    recent ones when None) that have just become public (alerts.tasks.record). Cheap and
    idempotent: a release already recorded is skipped; the scheduler's sweep finds any
    release this missed (the broker was down, the process died after the commit)."""
    from .tasks import record

    ids = None if release_ids is None else sorted({int(pk) for pk in release_ids})
    if ids == []:
        return
    enqueue_on_commit(record, ids)
