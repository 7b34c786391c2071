"""Newsroom query benchmark on PostgreSQL with 100,000 releases (issue: newsroom speed).

    make bench-newsroom            # or: .venv/bin/python tests/bench/newsroom.py

Creates the database named in BENCH_DATABASE_URL (default newsroom_bench on the local
server) when missing, migrates it, loads reference data and generates releases up to
--releases (once; reused afterwards). Then, in this process through Django's test
client, requests each scenario --runs times and prints the server-side time (median
and 95th percentile of the whole request, and of its SQL), the query count, and at the
end EXPLAIN ANALYZE of the slowest single query seen.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from tests.bench.common import ensure_database  # noqa: E402  (after the path)

DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/newsroom_bench"
os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "osce_site.settings")
os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-secret-key-0123456789-abcdefghijklmnop")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver")
os.environ.setdefault("DJANGO_HTTPS", "false")
os.environ.setdefault("DJANGO_STATIC_MANIFEST", "false")


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--releases", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=50)
    args = parser.parse_args()

    ensure_database(os.environ["DATABASE_URL"])
    import django

    django.setup()
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from releases.models import PressRelease

    call_command("migrate", verbosity=0)
    call_command("load_reference_data", verbosity=0)
    have = PressRelease.objects.count()
    if have < args.releases:
        call_command("generate_releases", count=args.releases - have, seed=2026)
        with connection.cursor() as cursor:
            # As autovacuum would: fresh statistics and a visibility map for
            # index-only scans.
            cursor.execute("VACUUM ANALYZE")
    print(f"{PressRelease.objects.published().count():,} published releases\n")

    from django.db.models import Count

    top_field = (
        PressRelease.fields_of_work.through.objects.values("fieldofwork__slug")
        .annotate(n=Count("*"))
        .order_by("-n")[0]["fieldofwork__slug"]
    )
    top_country = (
        PressRelease.countries.through.objects.values("country__slug")
        .annotate(n=Count("*"))
        .order_by("-n")[0]["country__slug"]
    )
    two = f"country={top_country}&field={top_field}"  # the heaviest pair
    scenarios = [
        ("listing, no filter (results + 6 facets)", "/press-releases/"),
        ("listing, two filters (results + 6 facets)", f"/press-releases/?{two}"),
        ("full text, two common words", "/press-releases/?q=training+participants"),
        ("full text, rare word", "/press-releases/?q=demining"),
        ("page 500, no filter", "/press-releases/?page=500"),
        ("entity page (field)", f"/fields-of-work/{top_field}/"),
    ]
    client = Client()
    slowest = (0.0, "")
    columns = ("scenario", "cache", "status", "p50 ms", "p95 ms", "SQL p50", "queries")
    header = "{:44} {:>5} {:>6} {:>8} {:>8} {:>8} {:>8}".format(*columns)
    print(header)
    print("-" * len(header))
    results = {}
    for name, url in scenarios:
        for cold in (True, False):
            for _ in range(3):
                client.get(url)
            totals, sql_times, counts = [], [], []
            for _ in range(args.runs):
                if cold:
                    cache.clear()  # facet counts and vocabulary recomputed: the worst case
                with CaptureQueriesContext(connection) as queries:
                    started = time.perf_counter()
                    response = client.get(url)
                    totals.append((time.perf_counter() - started) * 1000)
                sql_times.append(sum(float(q["time"]) for q in queries.captured_queries) * 1000)
                counts.append(len(queries))
                for query in queries.captured_queries:
                    if float(query["time"]) > slowest[0]:
                        slowest = (float(query["time"]), query["sql"])
            results[name, cold] = statistics.median(totals)
            print(
                "{:44} {:>5} {:>6} {:>8.1f} {:>8.1f} {:>8.1f} {:>8}".format(
                    name,
                    "cold" if cold else "warm",
                    response.status_code,
                    statistics.median(totals),
                    percentile(totals, 0.95),
                    statistics.median(sql_times),
                    max(counts),
                )
            )
    ratio = (
        results["page 500, no filter", False]
        / results["listing, no filter (results + 6 facets)", False]
    )
    print(f"\npage 500 / page 1 median: {ratio:.2f}x")
    print(f"\nslowest single query ({slowest[0] * 1000:.1f} ms), EXPLAIN ANALYZE:\n")
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + slowest[1])
        for (line,) in cursor.fetchall():
            print("  " + line)
    print("\n" + slowest[1][:2000])


if __name__ == "__main__":
    main()
