import datetime

import pytest
from django.utils import timezone
from freezegun import freeze_time

from releases.models import PressRelease
from tests.factories import PressReleaseFactory

Status = PressRelease.Status
PAST = datetime.timedelta(minutes=-5)
FUTURE = datetime.timedelta(minutes=5)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("status", "offset", "public"),
    [
        (Status.PUBLISHED, PAST, True),
        (Status.PUBLISHED, FUTURE, False),
        (Status.DRAFT, PAST, False),
        (Status.DRAFT, FUTURE, False),
        (Status.REVIEW, PAST, False),
        (Status.REVIEW, FUTURE, False),
    ],
)
def test_published_truth_table(status, offset, public):
    release = PressReleaseFactory(status=status, publish_at=timezone.now() + offset)
    assert (release in PressRelease.objects.published()) is public
    assert release.is_published() is public


@pytest.mark.django_db
def test_scheduled_release_becomes_public_at_its_time():
    now = timezone.now()
    release = PressReleaseFactory(published=True, publish_at=now + datetime.timedelta(hours=2))
    assert not PressRelease.objects.published().filter(pk=release.pk).exists()
    with freeze_time(now + datetime.timedelta(hours=2)):
        assert PressRelease.objects.published().filter(pk=release.pk).exists()


@pytest.mark.django_db
def test_draft_is_never_published_whatever_its_time():
    release = PressReleaseFactory(publish_at=timezone.now() - datetime.timedelta(days=400))
    with freeze_time(timezone.now() + datetime.timedelta(days=4000)):
        assert not PressRelease.objects.published().filter(pk=release.pk).exists()
