"""Does the sitemap index reach every public release, and how long does a page take?

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/<db> \\
        .venv/bin/python tests/bench/sitemap_reach.py

Fetches /sitemap.xml and every sitemap it lists through Django's test client
(production settings, the whole middleware stack, the page cache off so that every page
is rendered), prints the time of each, counts the distinct release URLs of the release
sections and compares them with published().count(). Exits with 1 when they differ or a
release is listed twice.
"""

import os
import re
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
# Production settings (debug off), on plain HTTP, with the page cache off.
os.environ.update(
    DJANGO_SETTINGS_MODULE="osce_site.settings",
    DJANGO_DEBUG="false",
    DJANGO_SECRET_KEY="bench-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
    DJANGO_HTTPS="false",
    DJANGO_ALLOWED_HOSTS="testserver",
    DJANGO_PAGE_CACHE="false",
)

SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
RELEASE = re.compile(r"^/press-releases/(\d+)/[^/]+/$")


def fetch(client, url):
    parts = urlsplit(url)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    started = time.perf_counter()
    response = client.get(path)
    elapsed = time.perf_counter() - started
    if response.status_code != 200:
        raise SystemExit(f"{path}: {response.status_code}")
    from defusedxml import ElementTree

    return path, ElementTree.fromstring(response.content), elapsed


def main():
    import django

    django.setup()
    from django.test import Client

    from releases.models import PressRelease

    client = Client()
    path, index, elapsed = fetch(client, "/sitemap.xml")
    print(f"{path:40} {'':>6} {elapsed * 1000:8.0f} ms")
    ids, release_times = [], []  # of the release sections (the News sitemap repeats some)
    for loc in index.iter(f"{SM}loc"):
        path, urlset, elapsed = fetch(client, loc.text)
        paths = [urlsplit(element.text).path for element in urlset.iter(f"{SM}loc")]
        if path.startswith("/sitemap-releases.xml"):
            ids += [int(match[1]) for match in map(RELEASE.match, paths) if match]
            release_times.append(elapsed)
        print(f"{path:40} {len(paths):6} {elapsed * 1000:8.0f} ms")
    published = PressRelease.objects.published().count()
    print(
        f"release pages: {len(release_times)}, per page median "
        f"{statistics.median(release_times) * 1000:.0f} ms, "
        f"max {max(release_times) * 1000:.0f} ms"
    )
    print(f"release URLs: {len(ids)} listed, {len(set(ids))} distinct; published: {published}")
    if len(ids) != len(set(ids)) or len(set(ids)) != published:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
