import os
import re
import subprocess
import sys
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command

PRODUCTION_SECRET = "k2V9xQ7mZp4Lr8Tn1Wc6Yb3Hs5Jd0Fg-PuAe_Xo7Ki9Mv2Nq4Rt6Sy8Uw1Bz3Cx5"


def manage(*args, **env):
    base = {
        k: v for k, v in os.environ.items() if not k.startswith("DJANGO_") and k != "DATABASE_URL"
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env={**base, **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_refuses_to_start_without_a_secret_when_debug_is_off():
    result = manage("check", DJANGO_DEBUG="false")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


def test_bare_manage_py_is_local_development():
    """No secret and no DJANGO_DEBUG: a developer's checkout, as `make run` sets up."""
    result = manage("makemigrations", "--check", "--dry-run")
    assert result.returncode == 0, result.stderr
    assert "No changes detected" in result.stdout


def test_debug_runs_without_a_secret():
    result = manage("check", DJANGO_DEBUG="true")
    assert result.returncode == 0, result.stderr


def test_deploy_check_is_clean_with_production_settings():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SECRET_KEY=PRODUCTION_SECRET,
        DJANGO_ALLOWED_HOSTS="news.example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.django_db
def test_no_pending_migrations():
    out = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()


def test_every_environment_variable_is_documented():
    """Each variable settings.py reads is in the README's table (or text) and in
    .env.example."""
    source = (settings.BASE_DIR / "osce_site" / "settings.py").read_text()
    names = set(re.findall(r'env(?:\.\w+)?\(\s*"([A-Z][A-Z0-9_]*)"', source))
    assert "FEED_TAG_AUTHORITY" in names and len(names) > 20
    readme = (settings.BASE_DIR / "README.md").read_text()
    example = (settings.BASE_DIR / ".env.example").read_text()
    assert sorted(n for n in names if f"`{n}`" not in readme) == []
    assert sorted(n for n in names if not re.search(rf"^#? ?{n}=", example, re.M)) == []


def test_env_example_does_not_call_debug_off_local_development():
    example = (settings.BASE_DIR / ".env.example").read_text()
    comment = example.split("\nDJANGO_DEBUG=")[0].rsplit("\n\n", 1)[-1]
    assert "Production: false" in comment
    assert not comment.startswith("# Local development")
