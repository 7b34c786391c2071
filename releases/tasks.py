"""Thin tasks over releases.notifications: they take ids, and the functions they call
claim each email in the database, so a retry sends nothing twice. Queued with
transaction.on_commit() by releases.activity."""

from smtplib import SMTPException

from celery import shared_task

import osce_site.celery  # noqa: F401  (the project's app: the tasks bind to it)

from . import notifications

# Sending mail touches the network: retried with backoff, bounded in time.
EMAIL_TASK = {
    "autoretry_for": (SMTPException, OSError),
    "retry_backoff": True,
    "retry_backoff_max": 600,
    "max_retries": 5,
    "soft_time_limit": 60,
    "time_limit": 90,
}


@shared_task(**EMAIL_TASK)
def notify_review(activity_id):
    return notifications.notify_review(activity_id)


@shared_task(**EMAIL_TASK)
def notify_author(activity_id):
    return notifications.notify_author(activity_id)


@shared_task(**EMAIL_TASK)
def notify_stale_translations(original_id, changed_at):
    return notifications.notify_stale_translations(original_id, changed_at)
