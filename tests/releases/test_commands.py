import datetime
import subprocess
import sys

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db.models import Count

from releases.demo_data import RELEASES, TRANSLATIONS
from releases.models import PressRelease

SEED_SLUG = "osce-chairman-urges-kosovo-serbs-to-take-part-in-october-elections"


@pytest.mark.django_db
def test_demo_content_has_the_seed_release_with_its_exact_metadata(demo_content):
    release = PressRelease.objects.published().get(slug=SEED_SLUG)
    assert release.title == "OSCE Chairman urges Kosovo Serbs to take part in October elections"
    assert release.release_type == PressRelease.ReleaseType.PRESS_RELEASE
    assert release.date == datetime.date(2004, 9, 23)
    assert release.place == "NEW YORK"
    assert sorted(s.display_name for s in release.sources.all()) == [
        "OSCE Chairpersonship",
        "OSCE Mission in Kosovo",
    ]
    assert [f.name for f in release.fields_of_work.all()] == ["Elections"]
    assert release.body.startswith("<p>NEW YORK, 23 September 2004 - The OSCE Chairman-in-Office")
    # The capture repeats the body; the release holds it once.
    assert release.body.count("It is essential that all sections of the community") == 1


@pytest.mark.django_db
def test_demo_content_spreads_across_fields_countries_and_offices(demo_content):
    published = PressRelease.objects.published()
    assert published.count() == len(RELEASES) + len(TRANSLATIONS) >= 13
    assert published.values("fields_of_work").distinct().count() >= 10
    assert published.values("countries").distinct().count() >= 10
    assert published.values("sources").distinct().count() >= 10
    assert set(published.values_list("release_type", flat=True)) == set(
        PressRelease.ReleaseType.values
    )
    assert published.filter(lead_image__isnull=False).count() >= 3


@pytest.mark.django_db
def test_demo_content_is_idempotent(demo_content):
    before = PressRelease.objects.count()
    call_command("load_demo_content", verbosity=0)
    assert PressRelease.objects.count() == before


@pytest.mark.django_db
def test_demo_content_needs_reference_data_first():
    with pytest.raises(CommandError, match="load_reference_data"):
        call_command("load_demo_content")


@pytest.mark.django_db
def test_generate_releases_makes_the_count_with_valid_relations(reference_data):
    call_command("generate_releases", "--count", "300", "--seed", "7", verbosity=0)
    releases = PressRelease.objects.annotate(
        n_fields=Count("fields_of_work", distinct=True),
        n_countries=Count("countries", distinct=True),
        n_sources=Count("sources", distinct=True),
    )
    assert releases.count() == 300
    assert releases.filter(n_fields__lt=1).count() == 0
    assert releases.filter(n_fields__gt=3).count() == 0
    assert releases.filter(n_countries__gt=3).count() == 0
    assert releases.filter(n_sources__lt=1).count() == 0
    assert releases.filter(n_sources__gt=2).count() == 0
    assert releases.values("title").distinct().count() > 50
    years = {d.year for d in releases.values_list("date", flat=True)}
    assert len(years) >= 15
    assert PressRelease.objects.published().count() > 250
    first = PressRelease.objects.first()
    assert len(first.body) > 500
    assert first.last_major_change == first.publish_at


@pytest.mark.django_db
@pytest.mark.parametrize("count", ["0", "-5", "2000000"])
def test_generate_releases_refuses_a_bad_count(reference_data, count):
    with pytest.raises(CommandError, match="--count"):
        call_command("generate_releases", "--count", count)
    assert PressRelease.objects.count() == 0


@pytest.mark.django_db
def test_generate_releases_needs_reference_data():
    with pytest.raises(CommandError, match="load_reference_data"):
        call_command("generate_releases", "--count", "5")


def test_generate_releases_non_numeric_count_exits_non_zero():
    result = subprocess.run(
        [sys.executable, "manage.py", "generate_releases", "--count", "many"],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "invalid int value: 'many'" in result.stderr


@pytest.mark.django_db
def test_local_admin_is_created_once(capsys):
    call_command("ensure_local_admin")
    out = capsys.readouterr().out
    assert "password" in out
    call_command("ensure_local_admin")
    assert "exists" in capsys.readouterr().out
    assert get_user_model().objects.filter(is_superuser=True).count() == 1


@pytest.mark.django_db
def test_demo_images_have_their_dimensions_stored(demo_content):
    with_images = PressRelease.objects.filter(lead_image__isnull=False)
    assert with_images.count() >= 3
    assert not with_images.filter(lead_image__width__isnull=True).exists()
    assert with_images.first().lead_image.width == 1600


@pytest.mark.django_db
def test_local_admin_line_names_the_address_served_and_the_venv_python(capsys, settings):
    settings.ADMIN_URL = "staff/"
    call_command("ensure_local_admin", address="127.0.0.1:8123")
    assert "Sign in at http://127.0.0.1:8123/staff/" in capsys.readouterr().out
    call_command("ensure_local_admin", address="0.0.0.0:9000")
    out = capsys.readouterr().out
    assert "http://0.0.0.0:9000/staff/" in out
    assert "`.venv/bin/python manage.py changepassword admin`" in out


def test_make_run_passes_its_port_to_the_admin_line():
    result = subprocess.run(
        ["make", "-n", "run", "PORT=8123"],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "ensure_local_admin --address 127.0.0.1:8123" in result.stdout
    assert "runserver 127.0.0.1:8123" in result.stdout
