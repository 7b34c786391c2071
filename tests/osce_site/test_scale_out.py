"""Scale-out by configuration: the read-replica router, sessions in Redis, S3 media."""

import importlib.util
import json
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.test import RequestFactory

from osce_site.db_router import PrimaryReplicaRouter, ReplicaMiddleware
from releases.models import PressRelease


def settings_with(**env):
    base = {
        k: v for k, v in os.environ.items() if not k.startswith("DJANGO_") and k != "DATABASE_URL"
    }
    env = {"DJANGO_DEBUG": "true", "DJANGO_SETTINGS_MODULE": "osce_site.settings", **env}
    code = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        "print(json.dumps({'routers': s.DATABASE_ROUTERS, 'databases': sorted(s.DATABASES), "
        "'middleware': s.MIDDLEWARE[0], 'sessions': s.SESSION_ENGINE, "
        "'media': s.STORAGES['default']['BACKEND'], 'serve_media': s.SERVE_MEDIA, "
        "'cache': s.CACHES['default']['BACKEND']}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=settings.BASE_DIR,
        env={**base, **env},
        capture_output=True,
        text=True,
        check=False,
    )
    return result


def routed(request):
    router = PrimaryReplicaRouter()
    seen = []

    def view(request):
        seen.append(router.db_for_read(PressRelease))
        router.db_for_write(PressRelease)
        seen.append(router.db_for_read(PressRelease))
        return None

    ReplicaMiddleware(view)(request)
    return seen


def test_only_anonymous_reads_go_to_the_replica_until_the_request_writes():
    factory = RequestFactory()
    assert routed(factory.get("/press-releases/")) == ["replica", "default"]
    assert routed(factory.head("/")) == ["replica", "default"]
    assert routed(factory.post("/admin/")) == ["default", "default"]
    editor = factory.get("/press-releases/")
    editor.COOKIES[settings.SESSION_COOKIE_NAME] = "x"
    assert routed(editor) == ["default", "default"]
    # Outside a request (commands, the shell): the primary.
    assert PrimaryReplicaRouter().db_for_read(PressRelease) == "default"
    assert PrimaryReplicaRouter().allow_migrate("replica", "releases") is False


def test_replica_sessions_and_cache_settings_come_from_the_environment(tmp_path):
    result = settings_with(
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        DATABASE_REPLICA_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        REDIS_URL="redis://127.0.0.1:6379/15",
        DJANGO_CACHE="off",
    )
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    assert found["routers"] == ["osce_site.db_router.PrimaryReplicaRouter"]
    assert found["databases"] == ["default", "replica"]
    assert found["middleware"] == "osce_site.db_router.ReplicaMiddleware"
    assert found["sessions"] == "django.contrib.sessions.backends.cached_db"
    assert found["cache"] == "django.core.cache.backends.dummy.DummyCache"


def test_s3_media_storage_when_a_bucket_is_named():
    result = settings_with(
        DJANGO_S3_BUCKET="newsroom-media",
        DJANGO_S3_ENDPOINT_URL="https://s3.example.org",
        DJANGO_S3_REGION="eu-central-1",
    )
    if importlib.util.find_spec("storages") is None:
        assert result.returncode != 0
        assert 'pip install ".[s3]"' in result.stderr
        return
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    assert found["media"] == "storages.backends.s3.S3Storage"
    assert found["serve_media"] is False


@pytest.mark.django_db
def test_bench_view_exists_only_when_asked(client):
    assert client.get("/bench/ok").status_code == 404
