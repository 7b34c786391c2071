"""Readiness: whether this app server should get traffic, and how each dependency is.

/healthz (releases.views.healthz) is the liveness check: the process answers and its
database does. /readyz reports each dependency with a state and a latency, as JSON for a
load balancer or a monitor, and as plain text for a person (Accept: text/plain or
text/html, or ?format=text). It answers 200 while the database answers, even with the
cache degraded (pages are then computed without it), and 503 when the database is down.
The task queue's broker (Celery on Redis) is reported too: degraded, never down, when
it fails, since publishing records its work in the database and the periodic sweep
sends it when the broker returns."""

import json
import time
from dataclasses import asdict, dataclass

from django.core.cache import caches
from django.core.cache.backends.dummy import DummyCache
from django.db import DatabaseError, connections
from django.http import HttpResponse
from django.views.decorators.cache import never_cache
from redis.exceptions import RedisError

from osce_site.redis_cache import RedisCache

OK, DEGRADED, DOWN = "ok", "degraded", "down"


@dataclass
class Check:
    name: str
    state: str
    latency_ms: float | None
    detail: str = ""


def _ms(started):
    return round((time.perf_counter() - started) * 1000, 2)


def check_databases():
    for alias in connections:
        name = "database" if alias == "default" else f"database {alias}"
        started = time.perf_counter()
        try:
            with connections[alias].cursor() as cursor:
                cursor.execute("SELECT 1")
                cursor.fetchone()
        except DatabaseError as error:
            yield Check(name, DOWN, _ms(started), f"{type(error).__name__}: {error}")
        else:
            yield Check(name, OK, _ms(started))


def check_cache():
    backend = caches["default"]
    if isinstance(backend, DummyCache):
        return Check("cache", OK, None, "off (DJANGO_CACHE=off)")
    if not isinstance(backend, RedisCache):
        return Check("cache", OK, None, "local memory, per process")
    started = time.perf_counter()
    try:
        backend.probe()
    except RedisError as error:
        return Check(
            "cache",
            DEGRADED,
            _ms(started),
            f"Redis unavailable ({type(error).__name__}: {error}); pages are computed without it",
        )
    latency = _ms(started)
    if not backend.available():
        return Check(
            "cache", DEGRADED, latency, "Redis answers again; in use once its retry time comes"
        )
    return Check("cache", OK, latency, "Redis")


_broker_clients = {}


def check_broker():
    from django.conf import settings

    if settings.CELERY_TASK_ALWAYS_EAGER:
        return Check("broker", OK, None, "none: tasks run in the web process")
    url = settings.CELERY_BROKER_URL
    if not url.startswith(("redis://", "rediss://", "unix://")):
        return Check("broker", OK, None, "not Redis: not checked")
    import redis

    timeout = settings.CELERY_BROKER_TRANSPORT_OPTIONS.get("socket_timeout") or 0.5
    client = _broker_clients.get(url)
    if client is None:
        client = _broker_clients[url] = redis.Redis.from_url(
            url, socket_timeout=timeout, socket_connect_timeout=timeout
        )
    started = time.perf_counter()
    try:
        client.ping()
    except RedisError as error:
        return Check(
            "broker",
            DEGRADED,
            _ms(started),
            f"Redis unavailable ({type(error).__name__}: {error}); alerts wait in the database",
        )
    return Check("broker", OK, _ms(started), "Redis")


@never_cache
def readyz(request):
    checks = [*check_databases(), check_cache(), check_broker()]
    if any(check.state == DOWN for check in checks if check.name.startswith("database")):
        status = DOWN
    elif all(check.state == OK for check in checks):
        status = OK
    else:
        status = DEGRADED
    code = 503 if status == DOWN else 200
    preferred = request.get_preferred_type(["application/json", "text/plain", "text/html"])
    if request.GET.get("format") == "text" or preferred in ("text/plain", "text/html"):
        response = HttpResponse(_as_text(status, checks), status=code)
        response["Content-Type"] = "text/plain; charset=utf-8"
    else:
        body = {"status": status, "checks": {check.name: _fields(check) for check in checks}}
        response = HttpResponse(
            json.dumps(body, indent=2) + "\n", status=code, content_type="application/json"
        )
    response["Vary"] = "Accept"
    return response


def _fields(check):
    fields = asdict(check)
    del fields["name"]
    return fields


def _as_text(status, checks):
    lines = [f"{status}"]
    for check in checks:
        latency = "" if check.latency_ms is None else f"{check.latency_ms} ms"
        lines.append(f"{check.name:<12} {check.state:<9} {latency:>10}  {check.detail}".rstrip())
    return "\n".join(lines) + "\n"
