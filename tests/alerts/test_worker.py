"""End to end with a real Celery worker process on the local Redis (TEST_REDIS_URL) and a
real SMTP server: publishing in the admin alerts each matching subscriber exactly once,
also when the worker is killed in the middle of the batch and restarted; a scheduled
release alerts at its time. PostgreSQL only: the worker must open the test database."""

import os
import signal
import subprocess
import sys
import threading
import time

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from alerts import services
from alerts.models import Delivery, Subscription
from taxonomy.models import FieldOfWork
from tests.alerts.conftest import Inbox, free_port
from tests.factories import PressReleaseFactory
from tests.releases.test_admin import change_url, form_data

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/14")

pytestmark = [pytest.mark.django_db(transaction=True)]


def redis_or_skip():
    import redis

    try:
        client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1)
        client.ping()
    except redis.RedisError as error:
        pytest.skip(f"Redis at {REDIS_URL} is not reachable ({error}): set TEST_REDIS_URL")
    if connection.vendor != "postgresql":
        pytest.skip("a worker process cannot open the in-memory SQLite test database")
    return client


class Worker:
    def __init__(self, smtp_port, tmp_path, concurrency):
        db = settings.DATABASES["default"]
        self.env = {
            **os.environ,
            "REDIS_URL": REDIS_URL,
            "DATABASE_URL": (
                f"postgresql://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/"
                f"{db['NAME']}"
            ),
            "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}",
            "ALERTS_SWEEP_SECONDS": "1",
            "SITE_URL": "https://news.example.org",
            "DJANGO_CONN_MAX_AGE": "0",
        }
        self.env.pop("DJANGO_DEBUG", None)
        self.args = [
            sys.executable, "-m", "celery", "-A", "osce_site", "worker", "-B",
            "--concurrency", str(concurrency), "--loglevel", "WARNING",
            "--schedule", str(tmp_path / "beat-schedule"), "--without-mingle",
            "--without-gossip",
        ]  # fmt: skip
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            self.args, cwd=settings.BASE_DIR, env=self.env, start_new_session=True
        )

    def kill(self):
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(10)

    def stop(self):
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.kill()


@pytest.fixture
def broker(settings):
    client = redis_or_skip()
    client.flushdb()
    from osce_site.celery import app

    before = app.conf.task_always_eager, app.conf.broker_url
    app.conf.task_always_eager = False
    app.conf.broker_url = REDIS_URL
    settings.CELERY_TASK_ALWAYS_EAGER = False
    yield client
    app.conf.task_always_eager, app.conf.broker_url = before
    client.flushdb()


def smtp_controller(handler):
    from aiosmtpd.controller import Controller

    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    return controller


def wait_for(condition, seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return condition()


def make_subscribers(prefix, count, query):
    rows = [
        Subscription(email=f"{prefix}{n}@example.org", language="en", query=query)
        for n in range(count)
    ]
    for row in rows:
        row.confirmed_at = timezone.now()
        row.save()
    return {row.email for row in rows}


def test_worker_sends_one_alert_per_matching_subscriber(
    broker, tmp_path, reference_data, client, django_user_model
):
    from tests.factories import role_group

    inbox = Inbox()
    controller = smtp_controller(inbox)
    worker = Worker(controller.port, tmp_path, concurrency=2)
    try:
        matching = make_subscribers("elections", 20, "field=elections")
        matching |= make_subscribers("all", 5, "")
        make_subscribers("other", 10, "field=gender-equality")
        user = django_user_model.objects.create_user("publisher", is_staff=True)
        user.groups.add(role_group("Publisher"))
        client.force_login(user)
        worker.start()
        release = PressReleaseFactory(
            status="review", fields_of_work=[FieldOfWork.objects.get(slug="elections")]
        )
        response = client.post(change_url(release), form_data(release, status="published"))
        assert response.status_code == 302
        assert wait_for(lambda: len(inbox.messages) >= len(matching), 60), len(inbox.messages)
        time.sleep(1.5)  # a duplicate or a stray message would arrive meanwhile
        assert inbox.recipients() == sorted(matching)

        # A scheduled release alerts when its time comes: the scheduler reads the database.
        inbox.messages.clear()
        PressReleaseFactory(
            status="published",
            publish_at=timezone.now() + timezone.timedelta(seconds=3),
            fields_of_work=[FieldOfWork.objects.get(slug="gender-equality")],
        )
        time.sleep(1)
        assert inbox.messages == []
        assert wait_for(lambda: len(inbox.messages) >= 15, 30)  # 10 gender + 5 everything
        time.sleep(1)
        assert len(inbox.messages) == 15 == len(set(inbox.recipients()))
    finally:
        worker.stop()
        controller.stop()


class SlowInbox(Inbox):
    """Answers each recipient after a pause, and kills the worker at the Nth one: the
    worker dies mid-batch while an email is being handed over (before its DATA)."""

    def __init__(self, kill_at, on_kill):
        super().__init__()
        self.rcpts = 0
        self.kill_at = kill_at
        self.on_kill = on_kill

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        self.rcpts += 1
        if self.rcpts == self.kill_at:
            threading.Thread(target=self.on_kill).start()
            time.sleep(2)  # the worker dies before this email's DATA
        else:
            time.sleep(0.02)
        envelope.rcpt_tos.append(address)
        return "250 OK"


def test_worker_killed_mid_batch_and_restarted_sends_no_duplicate_and_skips_no_one(
    broker, tmp_path, reference_data
):
    killed = threading.Event()
    holder = {}

    def kill():
        holder["worker"].kill()
        killed.set()

    inbox = SlowInbox(kill_at=40, on_kill=kill)
    controller = smtp_controller(inbox)
    worker = Worker(controller.port, tmp_path, concurrency=1)
    holder["worker"] = worker
    try:
        everyone = make_subscribers("reader", 120, "")
        release = PressReleaseFactory(status="published")
        worker.start()
        assert killed.wait(60), "the worker never reached the 40th email"
        sent_before = Delivery.objects.filter(sent_at__isnull=False).count()
        assert 0 < sent_before < len(everyone)
        assert len(inbox.messages) == sent_before  # the one in hand was not accepted
        restarted = Worker(controller.port, tmp_path, concurrency=1)
        restarted.start()
        holder["worker"] = restarted
        assert wait_for(lambda: len(inbox.messages) >= len(everyone), 90), len(inbox.messages)
        time.sleep(1.5)
        assert inbox.recipients() == sorted(everyone)  # each exactly once
        assert not services.pending(release.pk).exists()
    finally:
        holder["worker"].stop()
        controller.stop()
