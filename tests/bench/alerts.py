"""Email alerts at scale (make bench-alerts): 100,000 confirmed subscriptions over 5,000
distinct filters; prints the time to match one publication against all of them, the
emails handed to a local SMTP server per second by 2 worker processes, and their memory.

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/newsroom_bench \
    REDIS_URL=redis://127.0.0.1:6379/14 make bench-alerts

Options: --count, --filters, --seconds (how long to measure sending)."""

import argparse
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--filters", type=int, default=5_000)
    parser.add_argument("--seconds", type=float, default=20)
    args = parser.parse_args()
    database = os.environ.get("DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/newsroom_bench")
    redis_url = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/14")
    if database.startswith("postgresql"):
        from tests.bench.common import ensure_database

        ensure_database(database)
    env = {
        **os.environ,
        "DATABASE_URL": database,
        "REDIS_URL": redis_url,
        "DJANGO_DEBUG": "true",
        "DJANGO_SETTINGS_MODULE": "osce_site.settings",
    }
    env.pop("DJANGO_SECRET_KEY", None)
    os.environ.update(env)
    manage = [sys.executable, "manage.py"]
    run = {"cwd": ROOT, "env": env, "check": True}
    subprocess.run([*manage, "migrate", "--no-input", "-v0"], **run)
    subprocess.run([*manage, "load_reference_data"], **run, stdout=subprocess.DEVNULL)

    import django

    django.setup()
    import redis
    from aiosmtpd.controller import Controller
    from django.utils import timezone

    from alerts import services
    from alerts.models import Delivery, Publication, Subscription
    from countries.models import Country
    from releases.models import PressRelease
    from taxonomy.models import FieldOfWork, Structure

    redis.Redis.from_url(redis_url).flushdb()
    if Subscription.objects.filter(email__endswith="@example.invalid").count() != args.count:
        started = time.perf_counter()
        subprocess.run(
            [*manage, "generate_subscriptions", "--replace", "--count", str(args.count),
             "--filters", str(args.filters)],
            **run,
        )  # fmt: skip
        print(f"generated in {time.perf_counter() - started:.1f} s")
    distinct = Subscription.objects.values("filter_key").distinct().count()
    print(f"subscriptions: {Subscription.objects.count():,} over {distinct:,} distinct filters")

    # One publication matching a realistic share of the filters.
    Delivery.objects.all().delete()
    Publication.objects.all().delete()
    PressRelease.objects.filter(slug="bench-alert-release").delete()
    release = PressRelease.objects.create(
        title="Bench: observers present preliminary findings",
        slug="bench-alert-release",
        standfirst="A short summary for the benchmark.",
        place="VIENNA",
        status=PressRelease.Status.PUBLISHED,
        publish_at=timezone.now() - timezone.timedelta(seconds=5),
    )
    # Concerning every field, country and office: most generated filters list it.
    release.fields_of_work.set(FieldOfWork.objects.all())
    release.countries.set(Country.objects.all())
    release.sources.set(Structure.objects.all())
    Delivery.objects.all().delete()
    Publication.objects.all().delete()
    (publication_id,) = services.record_publications([release.pk])
    timings = []
    for _ in range(3):
        Delivery.objects.filter(release=release).delete()
        started = time.perf_counter()
        created = services.match_publication(publication_id)
        timings.append(time.perf_counter() - started)
    pending = services.pending(release.pk).count()
    print(
        f"matching one publication against {distinct:,} filters: "
        f"best {min(timings):.2f} s, worst {max(timings):.2f} s "
        f"({pending:,} deliveries created; {created:,} rows handled)"
    )

    # Sending: 2 worker processes, a local SMTP server that accepts everything.
    count = {"n": 0}
    lock = threading.Lock()

    class Sink:
        async def handle_DATA(self, server, session, envelope):
            with lock:
                count["n"] += 1
            return "250 OK"

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    controller = Controller(Sink(), hostname="127.0.0.1", port=port)
    controller.start()
    worker_env = {**env, "EMAIL_URL": f"smtp://127.0.0.1:{port}", "ALERTS_SWEEP_SECONDS": "3600"}
    workers = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "osce_site",
                "worker",
                "--concurrency",
                "2",
                "--loglevel",
                "WARNING",
                "-n",
                f"bench{n}@%h",
                "--without-mingle",
                "--without-gossip",
            ],
            cwd=ROOT,
            env=worker_env,
            start_new_session=True,
        )  # fmt: skip
        for n in range(2)
    ]
    try:
        time.sleep(6)  # workers start
        from alerts import tasks

        for _ in range(4):
            tasks.send.delay(release.pk)
        first = None
        deadline = time.monotonic() + args.seconds + 30
        peak = 0
        while time.monotonic() < deadline:
            time.sleep(0.5)
            with lock:
                n = count["n"]
            if n and first is None:
                first = (time.monotonic(), n)
            peak = max(peak, sum(rss_kib(w.pid) for w in workers))
            if first and (time.monotonic() - first[0] >= args.seconds or n >= pending):
                break
        elapsed = time.monotonic() - first[0]
        sent = count["n"] - first[1]
        print(
            f"sending with 2 workers (2 processes each): {count['n']:,} emails handed over; "
            f"{sent / elapsed:,.0f} emails/s over {elapsed:.1f} s"
        )
        print(f"worker memory (RSS, main + pool processes, both workers): {peak / 1024:,.0f} MiB")
    finally:
        # A warm shutdown: TERM to each worker's main process only (it lets its pool
        # finish the email in hand; a TERM to the pool processes themselves would kill
        # them mid-email, as a crash does).
        for w in workers:
            w.terminate()
        for w in workers:
            try:
                w.wait(120)
            except subprocess.TimeoutExpired:
                os.killpg(w.pid, 9)
        time.sleep(0.5)
        controller.stop()
    marked = Delivery.objects.filter(release=release, sent_at__isnull=False).count()
    print(
        f"after a warm shutdown: deliveries marked sent {marked:,}, "
        f"SMTP server received {count['n']:,}"
    )


def rss_kib(pid):
    """Resident memory of a process and its children (the pool), in KiB."""
    total = 0
    pids = [pid]
    try:
        children = subprocess.run(
            ["pgrep", "-P", str(pid)], capture_output=True, text=True, check=False
        ).stdout.split()
        pids += [int(c) for c in children]
    except OSError:
        pass
    for p in pids:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total


if __name__ == "__main__":
    main()
