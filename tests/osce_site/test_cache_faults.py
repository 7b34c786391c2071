"""Redis is only a cache: stopped, hung (DEBUG SLEEP, CLIENT PAUSE) or full (maxmemory
with noeviction), it costs speed and never a page or a publication. Each test starts a
redis-server of its own on a free port, without persistence, runs the site against it
and breaks it mid-test: every public page answers 200 with what the database holds,
staff log in, publish and unpublish, a hung Redis holds no request for a second, and
once Redis is back no page older than the last publication is served."""

import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from contextlib import contextmanager

import pytest
from django.conf import settings as django_settings
from django.core.cache import caches
from django.test import Client
from django.urls import reverse

from releases.models import PressRelease
from tests.factories import (
    CountryFactory,
    FieldOfWorkFactory,
    MeetingTypeFactory,
    PressReleaseFactory,
    StructureFactory,
)
from tests.osce_site.test_page_cache_redis import Worker
from tests.releases.test_admin import form_data

REDIS_SERVER = shutil.which("redis-server")
redis = pytest.importorskip("redis")
pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(REDIS_SERVER is None, reason="redis-server is not installed"),
]

TIMEOUT = 0.25  # the site's socket timeouts against Redis, as in settings.py
RETRY = 0.5  # seconds the site leaves a failed Redis alone (5 in production)
HANG = 8  # seconds of DEBUG SLEEP or CLIENT PAUSE ALL (a WRITE pause is ended sooner);
# the checks below serve every page twice and publish through the admin within it
ADMIN_ADD = reverse("admin:releases_pressrelease_add")
ADMIN_LIST = reverse("admin:releases_pressrelease_changelist")


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class RedisServer:
    """A redis-server of this test's own: started, stopped, paused and filled at will."""

    def __init__(self, directory):
        self.port = free_port()
        self.directory = directory
        self.process = None
        self.url = f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        self.process = subprocess.Popen(
            [
                REDIS_SERVER,
                *("--port", str(self.port), "--bind", "127.0.0.1"),
                *("--save", "", "--appendonly", "no", "--dir", str(self.directory)),
                *("--enable-debug-command", "yes"),
            ],
            stdout=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while True:
            try:
                self.client().ping()
                return
            except redis.ConnectionError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.02)

    def stop(self):
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None

    def client(self, timeout=5):
        # No retries (redis-py's own client retries three times by default).
        return redis.Redis(
            port=self.port,
            socket_connect_timeout=1,
            socket_timeout=timeout,
            retry=redis.retry.Retry(redis.backoff.NoBackoff(), 0),
        )

    @contextmanager
    def sleeping(self, seconds=HANG):
        """DEBUG SLEEP: the whole server stops answering for `seconds`."""
        sleeper = threading.Thread(
            target=self.client(timeout=seconds + 5).execute_command,
            args=("DEBUG", "SLEEP", seconds),
        )
        sleeper.start()
        self.wait_until_hung()
        try:
            yield
        finally:
            sleeper.join()

    @contextmanager
    def paused(self, mode, seconds=HANG):
        """CLIENT PAUSE: every command (ALL) or every write (WRITE) waits for `seconds`;
        a WRITE pause is ended with the block (under ALL, CLIENT UNPAUSE waits too)."""
        self.client().execute_command("CLIENT", "PAUSE", int(seconds * 1000), mode)
        try:
            yield
        finally:
            if mode == "WRITE":
                self.client().execute_command("CLIENT", "UNPAUSE")
            while self.hung():
                time.sleep(0.05)

    def wait_until_hung(self):
        deadline = time.monotonic() + 5
        while not self.hung():
            assert time.monotonic() < deadline, "Redis did not hang"
            time.sleep(0.01)

    def hung(self):
        """Whether a write waits (under every fault here: a read may not)."""
        try:
            self.client(timeout=0.05).set("hung", 1)
        except redis.TimeoutError:
            return True
        return False

    def fill(self):
        """maxmemory 1mb with noeviction, and data up to it: every write is refused."""
        client = self.client()
        client.config_set("maxmemory-policy", "noeviction")
        client.config_set("maxmemory", "1mb")
        for n in range(1000):
            try:
                client.set(f"filler:{n}", b"x" * 64 * 1024)
            except redis.exceptions.OutOfMemoryError:
                return
        raise AssertionError("Redis never filled up")

    def empty(self):
        self.client().config_set("maxmemory", "0")


@pytest.fixture
def redis_server(tmp_path):
    server = RedisServer(tmp_path)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def site(settings, redis_server):
    """The production cache settings against this test's Redis, with the page cache on
    and sessions in Redis written through to the database."""
    settings.CACHES = {
        "default": {
            "BACKEND": "osce_site.cache.RedisCache",
            "LOCATION": redis_server.url,
            "KEY_PREFIX": "faults",
            "OPTIONS": {
                "socket_connect_timeout": TIMEOUT,
                "socket_timeout": TIMEOUT,
                "retry_after": RETRY,
            },
        }
    }
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    settings.PAGE_CACHE = True
    yield redis_server
    # Let the background retry see Redis again and end, rather than outlive the test.
    if redis_server.process is None:
        redis_server.start()
    breaker = caches["default"].breaker
    deadline = time.monotonic() + 5
    while breaker.retrier is not None and time.monotonic() < deadline:
        time.sleep(0.05)


@pytest.fixture
def newsroom(db):
    field = FieldOfWorkFactory(name="Elections", slug="elections")
    office = StructureFactory(name="OSCE Mission in Kosovo", slug="mission-in-kosovo")
    country = CountryFactory(name="Austria", slug="austria")
    meeting = MeetingTypeFactory(name="Ministerial Council", slug="ministerial-council")
    first = PressReleaseFactory(
        published=True,
        title="First story",
        slug="first-story",
        fields_of_work=[field],
        sources=[office],
        countries=[country],
        meeting_types=[meeting],
    )
    return first


def public_pages(first):
    """Every public page type, with a text it must show."""
    return [
        ("/", "First story"),
        ("/press-releases/", "First story"),
        ("/press-releases/?field=elections&type=press_release", "First story"),
        ("/press-releases/?q=First", "First story"),
        (first.get_absolute_url(), "First story"),
        ("/press-releases/feed/", "First story"),
        ("/press-releases/atom/", "First story"),
        ("/fields-of-work/", "Elections"),
        ("/fields-of-work/elections/", "First story"),
        ("/fields-of-work/elections/feed/", "First story"),
        ("/countries/", "Austria"),
        ("/countries/austria/", "First story"),
        ("/countries/austria/atom/", "First story"),
        ("/structures/", "OSCE Mission in Kosovo"),
        ("/structures/mission-in-kosovo/", "First story"),
        ("/meetings/", "Ministerial Council"),
        ("/meetings/ministerial-council/", "First story"),
        ("/sitemap-releases.xml", first.get_absolute_url()),
        ("/robots.txt", "Sitemap:"),
    ]


# Where a release published through the admin form (tests.releases.test_admin.form_data:
# field Elections, source the Mission in Kosovo) must appear.
LISTINGS = [
    "/",
    "/press-releases/",
    "/press-releases/?field=elections&type=press_release",
    "/press-releases/feed/",
    "/press-releases/atom/",
    "/fields-of-work/elections/",
    "/fields-of-work/elections/feed/",
    "/structures/mission-in-kosovo/",
]


def timed_get(client, url):
    started = time.perf_counter()
    response = client.get(url)
    return response, time.perf_counter() - started


def serve_every_page(client, first):
    """Every public page answers 200 with its content; the slowest answer's seconds."""
    slowest = 0.0
    for url, text in public_pages(first):
        response, seconds = timed_get(client, url)
        assert response.status_code == 200, (url, response.status_code)
        assert text.encode() in response.content, url
        slowest = max(slowest, seconds)
    return slowest


def shown_everywhere(client, title):
    return {url: title.encode() in client.get(url).content for url in LISTINGS}


def publish_through_the_admin(staff, title):
    slug = title.lower().replace(" ", "-")
    started = time.perf_counter()
    response = staff.post(ADMIN_ADD, form_data(title=title, slug=slug, status="published"))
    seconds = time.perf_counter() - started
    assert response.status_code == 302, response.content[:2000]
    assert PressRelease.objects.get(slug=slug).is_published()
    return seconds


@pytest.fixture
def staff(client, django_user_model, newsroom):
    """A logged-in superuser (through the login form, so with sessions in Redis)."""
    django_user_model.objects.create_superuser("chief", password="a-long-pass-phrase")
    return client


def log_in(client):
    response = client.post(
        reverse("admin:login"),
        {"username": "chief", "password": "a-long-pass-phrase", "next": "/admin/"},
    )
    assert response.status_code == 302, response.content[:2000]
    assert client.get("/admin/").status_code == 200


def wait_for_retry():
    time.sleep(RETRY + 0.2)


def report(fault, **figures):
    shown = ", ".join(f"{name} {value * 1000:.0f} ms" for name, value in figures.items())
    print(f"\n[{fault}] {shown}")


def test_every_public_page_and_a_publication_survive_a_stopped_redis(site, newsroom, staff):
    visitor = Client()
    serve_every_page(visitor, newsroom)  # stored in Redis
    log_in(staff)

    site.stop()
    slowest = serve_every_page(visitor, newsroom)
    publish = publish_through_the_admin(staff, "Second story")
    assert all(shown_everywhere(visitor, "Second story").values())

    site.start()  # empty: no persistence
    wait_for_retry()
    assert all(shown_everywhere(visitor, "Second story").values())
    serve_every_page(visitor, newsroom)
    report("stopped", slowest_page=slowest, admin_publish=publish)


def test_staff_log_in_publish_and_unpublish_while_redis_is_stopped(site, newsroom, staff):
    visitor = Client()
    site.stop()
    log_in(staff)
    publish_through_the_admin(staff, "Second story")
    assert all(shown_everywhere(visitor, "Second story").values())

    second = PressRelease.objects.get(slug="second-story")
    response = staff.post(
        ADMIN_LIST, {"action": "unpublish", "_selected_action": [second.pk], "post": "yes"}
    )
    assert response.status_code == 302
    assert not any(shown_everywhere(visitor, "Second story").values())
    assert visitor.get(second.get_absolute_url()).status_code == 404


def test_a_logout_while_redis_hangs_stays_a_logout_once_it_answers(site, staff):
    """Sessions are read from Redis first: the copy of a session deleted while Redis
    hung must not log anyone in again when it answers."""
    log_in(staff)
    name = django_settings.SESSION_COOKIE_NAME
    stolen = staff.cookies[name].value
    with site.paused("WRITE"):
        assert staff.post(reverse("admin:logout")).status_code == 200
    wait_for_retry()
    staff.cookies[name] = stolen
    response = staff.get("/admin/")
    assert response.status_code == 302 and "/login/" in response["Location"]


@pytest.mark.parametrize("fault", ["DEBUG SLEEP", "CLIENT PAUSE ALL", "CLIENT PAUSE WRITE"])
def test_a_hung_redis_holds_no_request_for_a_second_and_loses_no_publication(
    site, newsroom, staff, fault
):
    visitor = Client()
    log_in(staff)
    serve_every_page(visitor, newsroom)
    assert not any(shown_everywhere(visitor, "Second story").values())  # stored

    hang = site.sleeping() if fault == "DEBUG SLEEP" else site.paused(fault.split()[-1])
    with hang:
        # A page not stored yet asks Redis (stored ones may come from this process's
        # copies, which ask nothing): it waits for the socket timeout once, then Redis
        # is left alone.
        first, first_seconds = timed_get(visitor, "/press-releases/?q=story")
        assert first.status_code == 200 and b"First story" in first.content
        slowest = serve_every_page(visitor, newsroom)
        publish = publish_through_the_admin(staff, "Second story")
        shown = shown_everywhere(visitor, "Second story")
        ready, ready_seconds = timed_get(visitor, "/readyz")
        assert site.hung(), "the fault ended before the checks did"
    assert ready.status_code == 200 and ready_seconds < 1
    assert ready.json()["checks"]["cache"]["state"] == "degraded"
    assert first_seconds < 1 and slowest < 1 and publish < 1
    assert all(shown.values()), shown

    # Redis is back, holding what was stored before the publication.
    wait_for_retry()
    assert all(shown_everywhere(visitor, "Second story").values())
    serve_every_page(visitor, newsroom)
    report(fault, first_page=first_seconds, slowest_page=slowest, admin_publish=publish)


def test_a_full_redis_refuses_writes_without_failing_or_serving_old_pages(site, newsroom, staff):
    visitor = Client()
    log_in(staff)
    serve_every_page(visitor, newsroom)
    assert not any(shown_everywhere(visitor, "Second story").values())  # stored

    site.fill()
    ready = visitor.get("/readyz")
    assert ready.status_code == 200
    assert ready.json()["checks"]["cache"]["state"] == "degraded"  # writes are refused
    slowest = serve_every_page(visitor, newsroom)
    publish = publish_through_the_admin(staff, "Second story")
    assert all(shown_everywhere(visitor, "Second story").values())
    wait_for_retry()
    assert all(shown_everywhere(visitor, "Second story").values())

    site.empty()
    wait_for_retry()
    assert all(shown_everywhere(visitor, "Second story").values())
    serve_every_page(visitor, newsroom)
    report("maxmemory 1mb noeviction", slowest_page=slowest, admin_publish=publish)


def test_after_a_failure_redis_is_left_alone_then_used_again(site, newsroom, client):
    visitor = client
    site.stop()
    assert visitor.get("/press-releases/").status_code == 200
    backend = caches["default"]
    assert not backend.available()
    site.start()
    # Within the retry time nothing is asked of Redis, so nothing is stored there.
    visitor.get("/press-releases/")
    assert not site.client().keys("faults:*page*")
    wait_for_retry()
    visitor.get("/press-releases/")
    assert backend.available()
    assert site.client().keys("faults:*page*")


def test_readiness_reports_a_stopped_redis_as_degraded_while_liveness_stays_ok(site, client):
    ready = client.get("/readyz")
    assert ready.status_code == 200
    body = ready.json()
    assert body["status"] == "ok"
    assert body["checks"]["database"]["state"] == "ok"
    assert body["checks"]["cache"]["state"] == "ok"
    assert body["checks"]["cache"]["latency_ms"] >= 0

    site.stop()
    assert client.get("/healthz").status_code == 200
    ready = client.get("/readyz")
    assert ready.status_code == 200
    body = ready.json()
    assert body["status"] == "degraded"
    assert body["checks"]["database"]["state"] == "ok"
    assert body["checks"]["cache"]["state"] == "degraded"
    assert "without it" in body["checks"]["cache"]["detail"]
    text = client.get("/readyz", headers={"accept": "text/plain"})
    assert text["Content-Type"].startswith("text/plain")
    assert text.content.decode().splitlines()[0] == "degraded"
    assert "cache" in text.content.decode() and "degraded" in text.content.decode()


def test_readiness_answers_503_when_the_database_is_down(client, monkeypatch):
    from django.db import OperationalError
    from django.db.backends.base.base import BaseDatabaseWrapper

    def refuse(self, *args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(BaseDatabaseWrapper, "cursor", refuse)
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "down"
    assert body["checks"]["database"]["state"] == "down"
    assert body["checks"]["cache"]["state"] == "ok"


def test_a_publication_while_redis_hangs_reaches_a_process_that_saw_no_failure(
    tmp_path, redis_server
):
    """Two app processes on one database: the publisher's write to Redis is lost while
    Redis is paused; the other process, idle meanwhile, must not serve its stored page
    once Redis answers again. The publisher forgets the stamps on its own, within its
    retry time, without being asked for anything."""
    base = {
        k: v for k, v in os.environ.items() if not k.startswith("DJANGO_") and k != "DATABASE_URL"
    }
    env = {
        **base,
        "DJANGO_SETTINGS_MODULE": "osce_site.settings",
        "DJANGO_SECRET_KEY": "test-secret-key-not-for-production-0123456789-abcdefghij",
        "DJANGO_ALLOWED_HOSTS": "testserver",
        "DJANGO_HTTPS": "false",
        "DJANGO_STATIC_MANIFEST": "false",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'shared.sqlite3'}",
        "REDIS_URL": redis_server.url,
        "DJANGO_REDIS_TIMEOUT": str(TIMEOUT),
        "DJANGO_REDIS_RETRY_SECONDS": str(RETRY),
    }
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--no-input", "-v0"],
        cwd=django_settings.BASE_DIR,
        env=env,
        check=True,
        timeout=120,
    )
    publisher, reader = Worker(env), Worker(env)
    try:
        publisher.ask(op="publish", title="First story")
        assert reader.get("/press-releases/", find="First story")["found"]
        assert reader.get("/press-releases/", find="First story")["queries"] == 0  # stored
        with redis_server.paused("WRITE"):
            started = time.monotonic()
            publisher.ask(op="publish", title="Second story")
            assert time.monotonic() - started < 1
        time.sleep(RETRY + 0.5)
        fresh = reader.get("/press-releases/", find="Second story")
        assert fresh["status"] == 200 and fresh["found"]
    finally:
        publisher.stop()
        reader.stop()
