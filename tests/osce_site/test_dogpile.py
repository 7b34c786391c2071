"""No dogpile: when many requests ask at once for a page that is not stored (the first
ones after a publication), one renders it; the others wait for it, or get the copy it
replaces while the change is at most a few seconds old."""

import threading
import time

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from osce_site import cache as caching
from osce_site.cache import PageCacheMiddleware

CONCURRENT = 8


class SlowView:
    """A view that takes a while and counts its renders."""

    def __init__(self, seconds=0.4):
        self.seconds = seconds
        self.renders = 0
        self.lock = threading.Lock()
        self.text = "first"

    def __call__(self, request):
        with self.lock:
            self.renders += 1
        time.sleep(self.seconds)
        return HttpResponse(f"<p>{self.text}</p>")


@pytest.fixture
def middleware(settings):
    settings.PAGE_CACHE = True
    view = SlowView()
    return PageCacheMiddleware(view), view


def ask_at_once(middleware, count=CONCURRENT):
    """`count` requests for the same page started together: [(body, seconds)]."""
    barrier = threading.Barrier(count)
    answers = [None] * count

    def ask(i):
        request = RequestFactory().get("/about/")
        barrier.wait()
        started = time.monotonic()
        response = middleware(request)
        answers[i] = (response.content.decode(), time.monotonic() - started)

    threads = [threading.Thread(target=ask, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers


@pytest.mark.django_db
def test_many_first_requests_render_the_page_once(middleware):
    handler, view = middleware
    answers = ask_at_once(handler)
    assert view.renders == 1
    assert {body for body, _seconds in answers} == {"<p>first</p>"}


@pytest.mark.django_db
def test_after_a_change_one_request_renders_and_the_others_get_the_previous_copy(middleware):
    handler, view = middleware
    handler(RequestFactory().get("/about/"))
    assert view.renders == 1
    view.text = "second"
    caching.bump(caching.CONTENT)  # a publication
    answers = ask_at_once(handler)
    assert view.renders == 2  # one new render for all of them
    bodies = sorted(body for body, _seconds in answers)
    assert bodies.count("<p>second</p>") == 1
    waited = [seconds for body, seconds in answers if body == "<p>first</p>"]
    assert len(waited) == CONCURRENT - 1
    assert max(waited) < view.seconds  # answered at once, not after the render
    # And from then on the new page, stored once.
    assert handler(RequestFactory().get("/about/")).content == b"<p>second</p>"
    assert view.renders == 2


@pytest.mark.django_db
def test_a_copy_older_than_the_stale_window_is_not_served(middleware, monkeypatch):
    handler, view = middleware
    handler(RequestFactory().get("/about/"))
    view.text = "second"
    caching.bump(caching.CONTENT)
    monkeypatch.setattr(caching, "STALE_SECONDS", -1)  # the change is "too old" already
    answers = ask_at_once(handler)
    assert view.renders == 2
    assert {body for body, _seconds in answers} == {"<p>second</p>"}  # they waited
