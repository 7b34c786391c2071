"""Alert tasks: thin, by id, idempotent (each unit of work is a row claimed in the
database: alerts.services). Retries with backoff where they talk to the SMTP server."""

import smtplib

from celery import shared_task
from django.conf import settings

import osce_site.celery  # noqa: F401  (the project's app: the tasks bind to it)
from osce_site.tasks import enqueue_on_commit

from . import services

SMTP_ERRORS = (smtplib.SMTPException, OSError)
RETRY = {
    "autoretry_for": SMTP_ERRORS,
    "retry_backoff": 5,
    "retry_backoff_max": 600,
    "retry_jitter": True,
    "max_retries": 8,
}


def senders():
    """How many send tasks share one release's deliveries (across workers)."""
    return getattr(settings, "ALERTS_SENDERS", 4)


@shared_task(name="alerts.record")
def record(release_ids=None):
    """The change hook's task: record what became public, then match it."""
    for publication_id in services.record_publications(release_ids):
        enqueue_on_commit(match, publication_id)


@shared_task(name="alerts.match")
def match(publication_id):
    services.match_publication(publication_id)
    from .models import Publication

    release_id = Publication.objects.values_list("release_id", flat=True).get(pk=publication_id)
    if services.pending(release_id).exists():
        for _ in range(senders()):
            enqueue_on_commit(send, release_id)


# Emails one task sends before handing the rest to a new task: warm shutdowns stay short
# and other work (another release, a confirmation) is not held up behind a large batch.
BATCH = 1000


@shared_task(name="alerts.send", **RETRY)
def send(release_id):
    if services.send_pending(release_id, limit=BATCH) == BATCH:
        send.delay(release_id)


@shared_task(name="alerts.send_confirmation", **RETRY)
def send_confirmation(subscription_id):
    services.send_confirmation_now(subscription_id)


@shared_task(name="alerts.sweep")
def sweep():
    """Every few seconds (celery beat): releases whose scheduled time came, publications
    not matched yet, deliveries still pending (a worker died, the broker was away)."""
    record()
    for publication_id in services.unmatched_publications():
        match.delay(publication_id)
    for release_id in services.releases_with_pending():
        send.delay(release_id)


@shared_task(name="alerts.digests", **RETRY)
def digests():
    services.send_due_digests()


@shared_task(name="alerts.purge")
def purge():
    services.purge_unconfirmed()
