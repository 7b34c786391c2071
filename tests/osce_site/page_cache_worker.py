"""One app process for test_page_cache_redis.py: Django set up from the environment
(REDIS_URL, DATABASE_URL), answering one JSON command per line on stdin:

    {"op": "get", "path": "/press-releases/", "find": "text"}
        -> {"status": 200, "queries": 3, "found": true}
    {"op": "publish", "title": "…"} / {"op": "unpublish", "title": "…"} -> {"ok": true}
    {"op": "url", "title": "…"} -> {"url": "/press-releases/…/"}
    {"op": "schedule", "title": "…", "seconds": 2} -> {"ok": true}
    {"op": "relate", "title": "…", "field": "elections"} -> {"ok": true}
    {"op": "rename", "field": "elections", "name": "…"} -> {"ok": true}
"""

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))


def main():
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone
    from django.utils.text import slugify

    from releases.models import PressRelease
    from taxonomy.models import FieldOfWork

    client = Client()
    for line in sys.stdin:
        command = json.loads(line)
        if command["op"] == "get":
            with CaptureQueriesContext(connection) as queries:
                response = client.get(command["path"])
            answer = {
                "status": response.status_code,
                "queries": len(queries),
                "found": command["find"].encode() in response.content,
            }
        elif command["op"] == "url":
            release = PressRelease.objects.get(slug=slugify(command["title"]))
            answer = {"url": release.get_absolute_url()}
        elif command["op"] == "relate":
            field = FieldOfWork.objects.get(slug=command["field"])
            PressRelease.objects.get(slug=slugify(command["title"])).fields_of_work.add(field)
            answer = {"ok": True}
        elif command["op"] == "term":
            FieldOfWork.objects.get_or_create(
                slug=command["field"], defaults={"name": command["name"]}
            )
            answer = {"ok": True}
        elif command["op"] == "rename":
            field = FieldOfWork.objects.get(slug=command["field"])
            field.name = command["name"]
            field.save()
            answer = {"ok": True}
        elif command["op"] == "schedule":
            title = command["title"]
            when = timezone.now() + timezone.timedelta(seconds=command["seconds"])
            PressRelease.objects.create(
                slug=slugify(title),
                title=title,
                status=PressRelease.Status.PUBLISHED,
                publish_at=when,
            )
            answer = {"ok": True}
        else:
            title = command["title"]
            release, _created = PressRelease.objects.get_or_create(
                slug=slugify(title), defaults={"title": title, "publish_at": timezone.now()}
            )
            publish = command["op"] == "publish"
            release.status = PressRelease.Status.PUBLISHED if publish else PressRelease.Status.DRAFT
            release.save()
            answer = {"ok": True}
        print(json.dumps(answer), flush=True)


if __name__ == "__main__":
    main()
