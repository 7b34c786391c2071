"""The Celery application: background work across machines, on Redis (REDIS_URL).

Its configuration is Django's settings under the CELERY_ namespace (osce_site.settings).
With no REDIS_URL, tasks run eagerly in the calling process (the embedded default:
`make run` needs no broker), and osce_site.tasks.enqueue_on_commit still defers them until
the transaction commits.

    celery -A osce_site worker    # make worker
    celery -A osce_site beat      # make scheduler (periodic tasks read the database)
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "osce_site.settings")

app = Celery("osce_site")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
