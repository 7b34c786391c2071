# The Celery application (osce_site.celery) is not loaded here, as Celery's Django recipe
# has it, but by the modules that define tasks (alerts.tasks, releases.tasks) and by
# `celery -A osce_site`, which finds osce_site.celery.app itself: a web process that never
# enqueues work (one serving the public) then never imports Celery, some 7.5 MB a worker.
