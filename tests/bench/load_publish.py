"""Load without errors, and a publication seen through the cache while under load.

    make bench-publish      # or: .venv/bin/python tests/bench/load_publish.py

Serves the 100,000-release benchmark database (see tests/bench/site.py, which this
reuses) with gunicorn, 2 sync workers, the page cache on in Redis, and drives it with
wrk -t2 -c16 over the home page, the listing, the RSS feed and random release pages.
A few seconds in, it publishes a draft through the ORM (as the admin would), then polls
the listing and the feed until the release shows, and prints how long that took, the
requests served and every error (non-2xx/3xx answers and socket errors). The release is
put back to draft afterwards.
"""

import os
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.bench import site  # noqa: E402  (sets the server environment)
from tests.bench.common import ensure_database  # noqa: E402

os.environ["REDIS_URL"] = site.REDIS_URL  # this process invalidates the servers' cache
os.environ.pop("DJANGO_CACHE", None)


def main():
    ensure_database(site.DATABASE_URL)
    site.ensure_wrk()
    import django

    django.setup()
    from django.utils import timezone

    from osce_site.cache import MAX_LIFETIME
    from releases.models import PressRelease

    site.prepare_data(100_000)
    draft = PressRelease.objects.filter(status=PressRelease.Status.DRAFT).first()
    original = {k: getattr(draft, k) for k in ("status", "publish_at", "date", "title")}
    workdir = Path(tempfile.mkdtemp())
    site.flush_redis()
    server = site.Server("on", workdir / "gunicorn.log")
    releases = PressRelease.objects.published().values_list("pk", "slug")[:500]
    paths = ["/", "/press-releases/", "/press-releases/feed/"] + [
        f"/press-releases/{pk}/{slug}/" for pk, slug in releases
    ]
    result = {}
    load = threading.Thread(
        target=lambda: result.update(site.run_wrk(server.base, paths, 25, workdir))
    )
    try:
        load.start()
        time.sleep(5)
        title = f"Load-test publication {int(time.time())}"
        draft.title, draft.date = title, timezone.localdate()
        draft.status, draft.publish_at = PressRelease.Status.PUBLISHED, timezone.now()
        draft.save()
        published = time.monotonic()
        seen = {}
        while len(seen) < 2 and time.monotonic() - published < MAX_LIFETIME + 5:
            for name, path in (("listing", "/press-releases/"), ("feed", "/press-releases/feed/")):
                if name not in seen and title in site.fetch(server.base + path)[2].decode():
                    seen[name] = time.monotonic() - published
            time.sleep(0.2)
        load.join()
    finally:
        draft.refresh_from_db()
        for key, value in original.items():
            setattr(draft, key, value)
        draft.save()
        server.stop()
    errors = result["socket_errors"] + result["status_errors"]
    print(f"\nrequests served under load: {result['requests']:,} in {result['seconds']:.1f} s")
    print(f"statuses: {result['statuses']}; socket errors {result['socket_errors']}")
    for name in ("listing", "feed"):
        when = seen.get(name)
        shown = f"{when:.2f} s after publishing" if when is not None else "NOT SEEN"
        print(f"publication visible on the {name}: {shown} (cache lifetime {MAX_LIFETIME} s)")
    ok = errors == 0 and len(seen) == 2
    print("PASS" if ok else "MISS")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
