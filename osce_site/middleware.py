"""Whole-page cache for anonymous visitors, with validators and Cache-Control for the
browser and for a reverse proxy or CDN in front.

A page is stored in the default cache (Redis when REDIS_URL is set) under its URL and
language, together with the content and taxonomy versions it was rendered under
(releases.caching.versions()); an entry whose versions are not the current ones is a
miss. So any write to a release, its relations or a vocabulary makes every stored page
stale at once, on every app server that shares the cache, and no entry outlives the
next scheduled publication (releases.caching.lifetime()). Keeping the versions in the
entry rather than in the key lets one round trip fetch both, and with Redis each
process also keeps the versions (kept current by pub/sub, osce_site.cache.StampWatcher)
and its recently served pages, so that a hit needs no round trip at all.

"Anonymous" is decided from the request's cookies alone, so a hit loads no session and
runs no view: a request that carries the session cookie (a logged-in editor), the CSRF
cookie (someone who opened the admin login) or the messages cookie always gets a live
page and never stores one (osce_site.http.is_anonymous). This middleware sits before
SessionMiddleware for that reason.

Keys stay bounded: a query is part of the key only when every parameter in it is one
the view declared (`query_params`, osce_site.http) and it is written in the site's own
normal form (osce_site.http.is_storable_query); other parameters are redirected away
before this middleware, and other queries are served live. A 404 for a query
(`?page=<any number>`) and a page larger than PAGE_CACHE_MAX_BYTES are not stored. The
stored body is the uncompressed one: compression happens outside, per answer
(osce_site.http.CompressionMiddleware)."""

import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import MiddlewareNotUsed
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date, parse_http_date_safe, quote_etag

from osce_site.cache import LocalCopies
from osce_site.http import is_anonymous, is_storable_query
from osce_site.locale import path_language
from releases import caching

STORED_STATUSES = {200, 301, 302, 404}
# A stored page is the same for every visitor without the cookies below, whatever the
# rest of the request; the language is part of the key.
STORABLE_VARY = {"cookie", "accept-language"}
CONDITIONAL_HEADERS = (
    "HTTP_IF_NONE_MATCH",
    "HTTP_IF_MODIFIED_SINCE",
    "HTTP_IF_MATCH",
    "HTTP_IF_UNMODIFIED_SINCE",
)
LOCAL_BYTES = 32 * 1024 * 1024  # per process, in front of Redis


class PageCacheMiddleware:
    def __init__(self, get_response):
        backend = settings.CACHES["default"]["BACKEND"]
        if backend.endswith("DummyCache"):
            raise MiddlewareNotUsed("no cache to keep pages in (DJANGO_CACHE=off)")
        self.get_response = get_response
        self.skipped_paths = (
            f"/{settings.ADMIN_URL}",
            "/healthz",
            "/readyz",
            "/bench/",  # the benchmark's baseline measures the bare stack
        )
        self.local = LocalCopies(LOCAL_BYTES)

    def __call__(self, request):
        if not (settings.PAGE_CACHE and self.is_cacheable(request)):
            return self.get_response(request)
        key = self.key(request)
        versions, entry = self.lookup(key)
        if entry is None:
            response, entry = self.render(request, key, versions)
            if entry is None:
                return response
        else:
            response = rebuild(entry)
        return self.finish(request, response, entry)

    def lookup(self, key):
        """(current versions, the stored entry if it is current). With Redis and a live
        stamp subscription, a page this process served before costs no round trip;
        otherwise the stamps and the page come in one."""
        if caching.stamps.watcher.active():
            versions = caching.versions()
            entry = self.local.get(key)
            if not is_current(entry, versions):
                entry = cache.get(key)
                if is_current(entry, versions):
                    self.local.put(key, entry, size=len(entry[3]), expires=entry[-1])
        else:
            versions, found = caching.versions(fetch=[key])
            entry = found.get(key)
        return versions, entry if is_current(entry, versions) else None

    def is_cacheable(self, request):
        if request.method not in ("GET", "HEAD"):
            return False
        if request.path_info.startswith(self.skipped_paths):
            return False
        if "HTTP_AUTHORIZATION" in request.META:
            return False
        # A query with a parameter the view does not read (or for a view that does not
        # say what it reads), or written other than the site writes it, would make one
        # entry per made-up variant: such requests are redirected
        # (osce_site.http.CanonicalQueryMiddleware) or served live.
        return is_anonymous(request) and is_storable_query(request)

    def key(self, request):
        # Scheme, host, path and query: pages carry absolute URLs (canonical links,
        # feeds). GET and HEAD share the entry.
        url = request.build_absolute_uri()
        # The path's language (osce_site.locale): this runs before it is activated, and
        # a page's language never depends on a header or a cookie.
        language = path_language(request.path_info)
        digest = hashlib.blake2b(url.encode("utf-8", "surrogateescape"), digest_size=16)
        return f"page:{language}:{digest.hexdigest()}"

    def render(self, request, key, versions):
        """The live response, and the entry stored for it (None if it is not storable).
        Conditional headers are held back from the view, so that what is stored is the
        full page; they are answered from its validators in finish()."""
        meta = request.META
        held = {name: meta.pop(name) for name in CONDITIONAL_HEADERS if name in meta}
        try:
            response = self.get_response(request)
        finally:
            request.META.update(held)
        if not is_storable(response):
            return response, None
        if response.status_code == 404 and request.META.get("QUERY_STRING"):
            return response, None  # `?page=<any number>`: one entry per number
        if len(response.content) > settings.PAGE_CACHE_MAX_BYTES:
            return response, None
        seconds = caching.lifetime()
        if not response.has_header("ETag"):
            digest = hashlib.blake2b(response.content, digest_size=16).hexdigest()
            response.headers["ETag"] = quote_etag(digest)
        if not response.has_header("Last-Modified"):
            response.headers["Last-Modified"] = http_date()
        entry = (
            versions,
            response.status_code,
            list(response.items()),
            response.content,
            time.time() + seconds,
        )
        cache.set(key, entry, seconds)
        if caching.stamps.watcher.active():
            self.local.put(key, entry, size=len(entry[3]), expires=entry[-1])
        return response, entry

    def finish(self, request, response, entry):
        remaining = max(1, int(entry[-1] - time.time()))
        shared = min(settings.PAGE_CACHE_SHARED_MAX_AGE, remaining)
        if response.has_header("Cache-Control"):
            # The view chose its own (feeds); a shared cache still keeps it no longer
            # than this cache does.
            patch_cache_control(response, s_maxage=shared)
        else:
            browser = min(settings.PAGE_CACHE_MAX_AGE, remaining)
            patch_cache_control(response, public=True, max_age=browser, s_maxage=shared)
        if response.status_code != 200:
            return response
        return get_conditional_response(
            request,
            etag=response.headers["ETag"],
            last_modified=parse_http_date_safe(response.headers["Last-Modified"]),
            response=response,
        )


def is_storable(response):
    if response.status_code not in STORED_STATUSES or response.streaming:
        return False
    if response.cookies:
        return False
    control = response.get("Cache-Control", "").lower()
    if "private" in control or "no-store" in control or "no-cache" in control:
        return False
    vary = {h.strip().lower() for h in response.get("Vary", "").split(",") if h.strip()}
    return vary <= STORABLE_VARY


def is_current(entry, versions):
    return entry is not None and entry[0] == versions and entry[-1] > time.time()


def rebuild(entry):
    _versions, status, headers, content, _expires = entry
    response = HttpResponse(content, status=status)
    for name, value in headers:
        response.headers[name] = value
    return response
