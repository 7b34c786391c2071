"""Two app processes sharing the local Redis: a publish through one invalidates at once
what the other serves from the page cache, or (page cache off, as for editors) from the
fragments its views compose pages from. Each process is a small worker with Django's
test client (page_cache_worker.py) on one shared SQLite file; Redis keys carry a
test-only prefix and are deleted afterwards."""

import json
import os
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
WORKER = Path(__file__).with_name("page_cache_worker.py")


def redis_client():
    redis = pytest.importorskip("redis")
    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1, socket_timeout=5)
    try:
        client.ping()
    except redis.exceptions.ConnectionError as error:
        pytest.skip(f"Redis is not reachable at {REDIS_URL}: {error}")
    return client


class Worker:
    def __init__(self, env):
        self.process = subprocess.Popen(
            [sys.executable, str(WORKER)],
            cwd=settings.BASE_DIR,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )

    def ask(self, **command):
        self.process.stdin.write(json.dumps(command) + "\n")
        self.process.stdin.flush()
        line = self.process.stdout.readline()
        assert line, f"worker exited with {self.process.wait(timeout=5)}"
        return json.loads(line)

    def get(self, path, find):
        return self.ask(op="get", path=path, find=find)

    def stop(self):
        self.process.stdin.close()
        self.process.wait(timeout=10)


def environment(database):
    base = {
        k: v for k, v in os.environ.items() if not k.startswith("DJANGO_") and k != "DATABASE_URL"
    }
    return {
        **base,
        "DJANGO_SETTINGS_MODULE": "osce_site.settings",
        "DJANGO_SECRET_KEY": "test-secret-key-not-for-production-0123456789-abcdefghij",
        "DJANGO_ALLOWED_HOSTS": "testserver",
        "DJANGO_HTTPS": "false",
        "DJANGO_STATIC_MANIFEST": "false",
        "DATABASE_URL": f"sqlite:///{database}",
    }


@pytest.fixture(scope="module")
def migrated(tmp_path_factory):
    """One migrated database file, copied for each pair of processes."""
    database = tmp_path_factory.mktemp("migrated") / "migrated.sqlite3"
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--no-input", "-v0"],
        cwd=settings.BASE_DIR,
        env=environment(database),
        check=True,
        timeout=180,
    )
    return database


@pytest.fixture(params=["page cache", "fragments only"])
def app_processes(tmp_path, request, migrated):
    redis = redis_client()
    prefix = f"test-page-cache-{uuid.uuid4().hex}"
    database = tmp_path / "shared.sqlite3"
    shutil.copyfile(migrated, database)
    env = {
        **environment(database),
        "REDIS_URL": REDIS_URL,
        "DJANGO_CACHE_PREFIX": prefix,
        "DJANGO_PAGE_CACHE": "true" if request.param == "page cache" else "false",
    }
    if request.param == "nothing cached":
        # No shared cache at all: what each process shows follows the database alone
        # (the listing engine's change log, releases.engine).
        env["DJANGO_CACHE"] = "off"
        del env["REDIS_URL"]
    workers = [Worker(env), Worker(env)]
    try:
        yield workers
    finally:
        for worker in workers:
            worker.stop()
        keys = list(redis.scan_iter(match=f"{prefix}:*"))
        if keys:
            redis.delete(*keys)


@pytest.mark.parametrize("path", ["/press-releases/", "/press-releases/feed/"])
def test_a_publish_through_one_process_invalidates_what_the_other_serves(app_processes, path):
    one, other = app_processes
    one.ask(op="publish", title="First story")
    filled = other.get(path, find="First story")
    assert filled["status"] == 200 and filled["found"] and filled["queries"] > 0
    # The other process stored it in Redis: both now answer without a query.
    for worker in (other, one):
        assert worker.get(path, find="First story") == {**filled, "queries": 0}

    one.ask(op="publish", title="Second story")
    fresh = other.get(path, find="Second story")
    assert fresh["found"] and fresh["queries"] > 0

    other.ask(op="unpublish", title="Second story")
    assert not one.get(path, find="Second story")["found"]


def test_an_unpublish_through_one_process_removes_the_release_page_the_other_serves(
    app_processes,
):
    one, other = app_processes
    one.ask(op="publish", title="First story")
    url = one.ask(op="url", title="First story")["url"]
    filled = other.get(url, find="First story")
    assert filled["status"] == 200 and filled["found"]
    # Stored in Redis by the other process: served without a query by both.
    for worker in (other, one):
        assert worker.get(url, find="First story")["queries"] == 0
    one.ask(op="unpublish", title="First story")
    assert other.get(url, find="First story")["status"] == 404


@pytest.mark.parametrize("app_processes", ["page cache", "nothing cached"], indirect=True)
def test_every_kind_of_write_in_one_process_shows_on_the_next_request_in_the_other(
    app_processes,
):
    """The listing engine of each process (and every cache) follows writes made by the
    other: publication, unpublication, a relation edit, a taxonomy rename, and a
    scheduled release reaching its time without any write."""
    one, other = app_processes
    one.ask(op="term", field="elections", name="Elections")
    one.ask(op="publish", title="First story")
    entity = "/fields-of-work/elections/"
    assert other.get("/press-releases/", find="First story")["found"]
    assert not other.get(entity, find="First story")["found"]

    one.ask(op="relate", title="First story", field="elections")  # a relation edit
    assert other.get(entity, find="First story")["found"]
    assert other.get("/press-releases/?field=elections", find="First story")["found"]

    one.ask(op="rename", field="elections", name="Elections and voting")  # taxonomy
    assert other.get(entity, find="Elections and voting")["found"]
    assert other.get("/press-releases/", find="Elections and voting")["found"]  # facet

    one.ask(op="unpublish", title="First story")
    assert not other.get(entity, find="First story")["found"]
    assert not other.get("/press-releases/", find="First story")["found"]

    one.ask(op="schedule", title="Scheduled story", seconds=2)
    assert not other.get("/press-releases/", find="Scheduled story")["found"]
    time.sleep(2.2)
    assert other.get("/press-releases/", find="Scheduled story")["found"]
    assert other.get("/press-releases/feed/", find="Scheduled story")["found"]
