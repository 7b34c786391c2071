"""An optional read replica (DATABASE_REPLICA_URL): reads go to it only inside anonymous
GET and HEAD requests, the read-heavy public traffic; everything else reads from the
primary ("default"): the admin and any request with a session, POSTs, management
commands and the shell, and the rest of a request once it has written.

A replica lags behind the primary by some milliseconds, sometimes seconds. An editor
therefore never reads from it (the admin shows what was just saved), and cached public
answers live at most CACHE_SETTLE_SECONDS after each change (osce_site.cache.settle_cap),
so a page rendered from a replica that had not caught up yet does not stay."""

import contextvars

from django.conf import settings

REPLICA = "replica"
_use_replica = contextvars.ContextVar("use_replica", default=False)


class PrimaryReplicaRouter:
    def db_for_read(self, model, **hints):
        return REPLICA if _use_replica.get() else "default"

    def db_for_write(self, model, **hints):
        # Read your own writes: the rest of this request reads from the primary.
        _use_replica.set(False)
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # one database, two copies

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"


class ReplicaMiddleware:
    """Lets an anonymous GET or HEAD request read from the replica; first in MIDDLEWARE
    (settings add it only when a replica is configured)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        anonymous = settings.SESSION_COOKIE_NAME not in request.COOKIES
        token = _use_replica.set(request.method in ("GET", "HEAD") and anonymous)
        try:
            return self.get_response(request)
        finally:
            _use_replica.reset(token)
