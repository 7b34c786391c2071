import re

import feedparser
import pytest


def alternates(html):
    return dict(
        re.findall(
            r'<link rel="alternate" type="application/(rss|atom)\+xml"[^>]*href="([^"]+)"', html
        )
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("page", "rss", "atom"),
    [
        ("/", "/press-releases/feed/", "/press-releases/atom/"),
        ("/press-releases/", "/press-releases/feed/", "/press-releases/atom/"),
        (
            "/press-releases/?country=serbia&field=elections&page=1",
            "/press-releases/feed/?country=serbia&amp;field=elections",
            "/press-releases/atom/?country=serbia&amp;field=elections",
        ),
        (
            "/fields-of-work/elections/",
            "/fields-of-work/elections/feed/",
            "/fields-of-work/elections/atom/",
        ),
        (
            "/countries/serbia/?type=press_release",
            "/countries/serbia/feed/?type=press_release",
            "/countries/serbia/atom/?type=press_release",
        ),
        (
            "/structures/secretariat/",
            "/structures/secretariat/feed/",
            "/structures/secretariat/atom/",
        ),
        (
            "/meetings/summit-meetings/",
            "/meetings/summit-meetings/feed/",
            "/meetings/summit-meetings/atom/",
        ),
    ],
)
def test_every_listing_announces_the_feeds_of_its_own_filter(client, demo_content, page, rss, atom):
    response = client.get(page, follow=True)
    html = response.content.decode()
    assert alternates(html) == {"rss": rss, "atom": atom}
    assert '<p class="subscribe">Subscribe:' in html
    assert f'href="{rss}"' in html


@pytest.mark.django_db
def test_announced_feed_parses_and_holds_the_same_releases(client, demo_content):
    html = client.get("/press-releases/?field=elections").content.decode()
    rss = alternates(html)["rss"].replace("&amp;", "&")
    parsed = feedparser.parse(client.get(rss).content)
    assert not parsed.bozo
    listed = re.findall(r'class="card__title"><a href="([^"]+)"', html)
    assert [entry.link.removeprefix("http://testserver") for entry in parsed.entries] == listed
