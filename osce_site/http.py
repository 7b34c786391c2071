"""Rules every request and response passes, around the views and the page cache:

- TRACE is refused (405) on every path, whatever view would have answered;
- a view declares the query parameters it reads (`query_params`), and a request with any
  other parameter is redirected to the URL without it, so one page is one URL for
  browsers, crawlers, a shared cache and the page cache alike;
- text answers to anonymous visitors are compressed (gzip), and nothing else is;
- whatever a signed-in user gets is `Cache-Control: private, no-store`."""

import functools
import re
from urllib.parse import urlencode

from django.conf import settings
from django.dispatch import receiver
from django.http import HttpResponseNotAllowed, HttpResponsePermanentRedirect
from django.middleware.gzip import GZipMiddleware
from django.test.signals import setting_changed
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.encoding import escape_uri_path

# Content types worth compressing: markup, feeds, JSON, scripts, styles, SVG.
COMPRESSIBLE = re.compile(
    r"(text/|application/([\w.+-]+\+)?(xml|json|javascript)|image/svg\+xml)", re.IGNORECASE
)
ACCEPTS_GZIP = re.compile(r"\bgzip\b")
MESSAGES_COOKIE = "messages"  # django.contrib.messages' CookieStorage


def is_anonymous(request):
    """No cookie that could make an answer personal: the session (an editor), the CSRF
    cookie (someone who opened the admin login) or pending messages. Decided from the
    cookies alone, so that it loads no session; the page cache and compression share it."""
    cookies = request.COOKIES
    return not (
        settings.SESSION_COOKIE_NAME in cookies
        or settings.CSRF_COOKIE_NAME in cookies
        or MESSAGES_COOKIE in cookies
    )


def accepts_query(*names):
    """Declares the query parameters a function view reads, for the URLconf:
    `path("sitemap.xml", accepts_query("p")(sitemap), ...)`. Class-based views (and
    callable view objects such as feeds) set `query_params` on the class instead."""

    def decorate(view):
        @functools.wraps(view)
        def declared(request, *args, **kwargs):
            return view(request, *args, **kwargs)

        declared.query_params = frozenset(names)
        return declared

    return decorate


def accepted_query(request):
    """The query parameters the view at this request's path reads (a frozenset), or None
    when the view does not say (the admin, third-party views, a path that resolves to
    nothing): such requests are neither redirected nor stored with a query."""
    if not hasattr(request, "accepted_query"):
        urlconf = getattr(request, "urlconf", None) or settings.ROOT_URLCONF
        request.accepted_query = declared_query(urlconf, request.path_info)
    return request.accepted_query


@functools.lru_cache(maxsize=4096)
def declared_query(urlconf, path):
    """accepted_query() by path, remembered: resolving a path on every request, cache
    hits included, cost more than the rest of a hit's checks (the answer depends only on
    the URLconf and the path, and the cache is emptied when a test changes settings)."""
    # Before LocaleMiddleware: a language prefix resolves under its own language.
    language = translation.get_language_from_path(path) or settings.LANGUAGE_CODE
    try:
        with translation.override(language):
            view = resolve(path, urlconf).func
    except Resolver404:
        view = None
    declared = getattr(view, "query_params", None)
    if declared is None:
        declared = getattr(getattr(view, "view_class", None), "query_params", None)
    return declared


@receiver(setting_changed)
def _forget_declared_queries(**kwargs):
    declared_query.cache_clear()


def has_unread_parameters(request):
    """True when the query names a parameter the view does not read (and the view says
    which it reads)."""
    if not request.META.get("QUERY_STRING"):
        return False
    accepted = accepted_query(request)
    return accepted is not None and any(key not in accepted for key in request.GET)


def is_storable_query(request):
    """True when a page may be stored under this request's query string: there is none,
    or it holds only parameters the view reads, written in the one form the site's own
    links use (pairs sorted, each once, form-encoded, as newsroom.canonical_query writes
    them). Any other spelling of a query (`?&&&`, `?p=1&p=1`, `%41` for `A`) is served
    live, so that spellings cannot add entries without bound."""
    query = request.META.get("QUERY_STRING", "")
    if not query:
        return True
    accepted = accepted_query(request)
    if accepted is None or any(key not in accepted for key in request.GET):
        return False
    pairs = sorted({(key, value) for key, values in request.GET.lists() for value in values})
    return urlencode(pairs) == query


class RefuseTraceMiddleware:
    """TRACE echoes the request (cookies included) back; no page here answers it."""

    REFUSED = ("TRACE", "TRACK")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in self.REFUSED:
            return HttpResponseNotAllowed(["GET", "HEAD", "POST", "OPTIONS"])
        return self.get_response(request)


class CanonicalQueryMiddleware:
    """A GET or HEAD with a parameter its view does not read is answered with a 301 to
    the same URL without it (`/?utm_source=x` → `/`): otherwise each made-up parameter
    would be a page of its own to render and to store. Views that canonicalise their
    own parameters further (the newsroom's sorted filters) still do so."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in ("GET", "HEAD") and has_unread_parameters(request):
            accepted = accepted_query(request)
            kept = [
                (key, value)
                for key, values in request.GET.lists()
                if key in accepted
                for value in values
            ]
            query = f"?{urlencode(kept)}" if kept else ""
            return HttpResponsePermanentRedirect(escape_uri_path(request.path) + query)
        return self.get_response(request)


def is_public_answer(request, response):
    """An answer that may be shared: the request carries none of the cookies that make
    a page personal, the response sets none and is not marked private. Only these are
    compressed: a page that may hold a secret (a CSRF token, an editor's data) is never
    compressed beside text the visitor controls, which is what BREACH needs."""
    if response.cookies or not is_anonymous(request):
        return False
    control = response.get("Cache-Control", "").lower()
    return "private" not in control and "no-store" not in control


class CompressionMiddleware(GZipMiddleware):
    """Django's gzip (with its random padding against length guessing), for text answers
    to anonymous visitors only. It sits outside the page cache, which stores the
    uncompressed page and its strong ETag; each answer is compressed on its way out and
    its ETag made weak, which If-None-Match still matches (weak comparison). Media and
    other streamed files are left alone (images are compressed already)."""

    def process_response(self, request, response):
        if response.status_code == 304:
            if is_public_answer(request, response):
                patch_vary_headers(response, ("Accept-Encoding",))
                etag = response.get("ETag", "")
                accepts = ACCEPTS_GZIP.search(request.META.get("HTTP_ACCEPT_ENCODING", ""))
                if accepts and etag.startswith('"'):
                    response.headers["ETag"] = f"W/{etag}"  # as its 200 had
            return response
        if response.streaming or not COMPRESSIBLE.match(response.get("Content-Type", "")):
            return response
        if not is_public_answer(request, response):
            return response
        return super().process_response(request, response)


class PrivateWhenSignedInMiddleware:
    """Every answer to a signed-in user (the admin, a draft's preview, a public page
    seen with a session) is `private, no-store`: no shared cache keeps it and no browser
    writes it to disk. Only requests with the session cookie can be signed in, so
    anonymous requests load no session here."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if settings.SESSION_COOKIE_NAME in request.COOKIES and request.user.is_authenticated:
            patch_cache_control(response, private=True, no_store=True)
        return response
