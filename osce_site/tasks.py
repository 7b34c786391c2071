"""Enqueueing background work (STYLE.md §13): after the commit, by id.

    from osce_site.tasks import enqueue_on_commit
    enqueue_on_commit(my_task, release.pk, language="ru")

The task is sent once the current transaction commits (at once outside a transaction)
and never for a write that is rolled back. With no broker configured
(CELERY_TASK_ALWAYS_EAGER), it runs then, in this process.
"""

import logging
from functools import partial

from django.db import transaction

logger = logging.getLogger(__name__)


def enqueue_on_commit(task, *args, using=None, **kwargs):
    """Send `task` with plain arguments (ids, strings) once the transaction commits."""
    transaction.on_commit(partial(_send, task, args, kwargs), using=using, robust=True)


def _send(task, args, kwargs):
    try:
        task.delay(*args, **kwargs)
    except Exception:
        # A broker that is down must not turn a committed write into an error page: the
        # periodic tasks that read the database pick the work up again.
        logger.exception("Could not enqueue %s", getattr(task, "name", task))
