"""Enqueueing background work (STYLE.md §13): after the commit, by id.

    from osce_site.tasks import enqueue_on_commit
    enqueue_on_commit(my_task, release.pk, language="ru")

The task is sent once the current transaction commits (at once outside a transaction)
and never for a write that is rolled back. With no broker configured
(CELERY_TASK_ALWAYS_EAGER), it runs then, in this process.

A broker that fails (down, hung) costs one request at most its timeouts
(CELERY_BROKER_TIMEOUT): then this process leaves it alone for
CELERY_BROKER_RETRY_SECONDS and sends nothing, as the cache does with Redis. Work is
always recorded in the database first, and the periodic tasks pick up what was not sent.
"""

import logging
import time
from functools import partial

from django.conf import settings
from django.db import transaction

logger = logging.getLogger(__name__)

_broker = {"down_until": 0.0}


def enqueue_on_commit(task, *args, using=None, **kwargs):
    """Send `task` with plain arguments (ids, strings) once the transaction commits."""
    transaction.on_commit(partial(send_now, task, *args, **kwargs), using=using, robust=True)


def send_now(task, *args, **kwargs):
    """Send `task` now; a failing broker is logged, never raised into the caller."""
    if time.monotonic() < _broker["down_until"]:
        logger.info("Broker unavailable: %s left to the periodic sweep", task.name)
        return
    try:
        task.delay(*args, **kwargs)
    except Exception:
        retry = getattr(settings, "CELERY_BROKER_RETRY_SECONDS", 5.0)
        _broker["down_until"] = time.monotonic() + retry
        logger.exception("Could not enqueue %s; not trying for %s s", task.name, retry)
