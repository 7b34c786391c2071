import pytest

from releases.models import PressRelease
from releases.templatetags.release_urls import release_url


@pytest.mark.parametrize("slug", ["plain-slug", "under_score-2024", "x"])
@pytest.mark.parametrize("pk", [1, 42, 10**12])
def test_release_url_equals_get_absolute_url(pk, slug):
    release = PressRelease(pk=pk, slug=slug)
    assert release_url(release) == release.get_absolute_url()


@pytest.mark.django_db
def test_cards_link_to_the_release(client):
    from tests.factories import PressReleaseFactory

    release = PressReleaseFactory(published=True)
    assert f'href="{release.get_absolute_url()}"'.encode() in client.get("/press-releases/").content
