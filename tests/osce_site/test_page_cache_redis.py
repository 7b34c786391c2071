"""Two app processes sharing the local Redis: a publish through one invalidates at once
what the other serves from the page cache, or (page cache off, as for editors) from the
fragments its views compose pages from. Each process is a small worker with Django's
test client (page_cache_worker.py) on one shared SQLite file; Redis keys carry a
test-only prefix and are deleted afterwards."""

import json
import os
import subprocess
import sys
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


@pytest.fixture(params=["page cache", "fragments only"])
def app_processes(tmp_path, request):
    redis = redis_client()
    prefix = f"test-page-cache-{uuid.uuid4().hex}"
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
        "REDIS_URL": REDIS_URL,
        "DJANGO_CACHE_PREFIX": prefix,
        "DJANGO_PAGE_CACHE": "true" if request.param == "page cache" else "false",
    }
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--no-input", "-v0"],
        cwd=settings.BASE_DIR,
        env=env,
        check=True,
        timeout=120,
    )
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
