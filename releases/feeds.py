"""RSS 2.0 and Atom 1.0 feeds of the newsroom, for exactly the filter of any listing.

A request resolves the page's fixed term from the cached vocabulary, validates the query
with PressReleaseFilter (400 in plain text otherwise), computes both validators in one
aggregate query and answers 304 from them, or builds the feed. The validators are set on
the final response here: the syndication view would set Last-Modified from the items
alone, which disagrees with them (PITFALLS 5)."""

import datetime
import hashlib
import io
import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

import nh3
from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import Count, Max, Sum
from django.http import Http404, HttpResponse, HttpResponseBadRequest, HttpResponseNotAllowed
from django.urls import reverse
from django.utils import feedgenerator
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.html import escape
from django.utils.http import http_date, quote_etag
from django.utils.translation import gettext as _
from django.utils.xmlutils import SimplerXMLGenerator

from osce_site import cache as caching
from osce_site.cache import TAXONOMY, version
from osce_site.context_processors import site_name
from taxonomy.vocabulary import vocabulary

from . import newsroom, scopes, selectors
from .documents import CONTENT_TYPES
from .filters import PressReleaseFilter
from .images import FORMATS
from .models import Attachment as AttachmentModel
from .sanitize import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, ALLOWED_URL_SCHEMES
from .translations import current_language

DEFAULT_LIMIT = 20
MAX_LIMIT = 100
LIMIT_PATTERN = re.compile(r"[1-9][0-9]{0,2}")
MAX_AGE = 300
IMAGE_WIDTH = 960  # the JPEG crop offered as enclosure
# Validators of a feed with no releases: a fixed date, so that polling it still gets 304.
EMPTY_FEED_DATE = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)
# Part of every ETag: bump it when the feed markup changes, so readers fetch it again.
MARKUP_VERSION = "2"

# fixed filter -> (vocabulary attribute, RSS URL name, Atom URL name)
FEED_KINDS = {
    "": (None, "releases:feed", "releases:atom"),
    "field": ("fields", "releases:field_feed", "releases:field_atom"),
    "country": ("countries", "releases:country_feed", "releases:country_atom"),
    "source": ("structures", "releases:structure_feed", "releases:structure_atom"),
    "meeting": ("meetings", "releases:meeting_feed", "releases:meeting_atom"),
}
NOT_FEED_PARAMS = ("page", "sort", "limit")  # feeds are newest first, one page long

ITEM_FIELDS = [
    "id",
    "slug",
    "language",  # get_absolute_url() names it
    "title",
    "standfirst",
    "body",
    "publish_at",
    "last_major_change",
    "created_at",
    "image_caption",
    "lead_image",
    # The library image's columns read for the enclosure; both dimension fields, because
    # ImageField reads them on load and would query if deferred.
    *(
        f"lead_image__{name}"
        for name in ("file", "width", "height", "caption", "credit", "focal_x", "focal_y")
    ),
]

# XML 1.0 cannot carry these at all, not even escaped.
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def feed_urls(fixed_param="", slug="", query=""):
    """Paths of the RSS and Atom feeds for a newsroom filter, as {"rss": …, "atom": …}.

    `fixed_param` and `slug` name an entity page's fixed filter (NewsroomMixin.fixed_param
    and the object's slug; both empty for /press-releases/), `query` is the page's canonical
    query without it (the `query` context variable). Paging and sorting are dropped."""
    _terms, rss, atom = FEED_KINDS[fixed_param]
    kwargs = {"slug": slug} if fixed_param else {}
    pairs = [(k, v) for k, v in parse_qsl(query) if k not in NOT_FEED_PARAMS]
    suffix = f"?{urlencode(pairs)}" if pairs else ""
    # Email alerts for the same filter: the entity page's fixed one is a parameter there.
    fixed = [(fixed_param, slug)] if fixed_param else []
    alert_query = urlencode(sorted(fixed + pairs, key=lambda pair: pair[0]))
    return {
        "rss": reverse(rss, kwargs=kwargs) + suffix,
        "atom": reverse(atom, kwargs=kwargs) + suffix,
        "alerts": reverse("alerts:subscribe") + (f"?{alert_query}" if alert_query else ""),
    }


def xml_text(value):
    return XML_ILLEGAL.sub("", value) if isinstance(value, str) else value


def utc(value):
    return value.astimezone(datetime.UTC)


class XMLWriter(SimplerXMLGenerator):
    """Drops characters XML cannot carry (a stray vertical tab pasted into a body) where
    Django's generator would fail the whole feed."""

    def characters(self, content):
        super().characters(xml_text(content))

    def startElement(self, name, attrs):
        super().startElement(name, {key: xml_text(value) for key, value in attrs.items()})


MEDIA_NS = "http://search.yahoo.com/mrss/"


def write_media(handler, image):
    """Media RSS: the lead image with its caption and credit."""
    attrs = {"url": image.url, "type": image.mime_type, "medium": "image"}
    attrs["fileSize"] = image.length
    if image.width and image.height:
        attrs.update(width=str(image.width), height=str(image.height))
    handler.startElement("media:content", attrs)
    if image.caption:
        handler.addQuickElement("media:description", image.caption, {"type": "plain"})
    if image.credit:
        handler.addQuickElement("media:credit", image.credit)
    handler.endElement("media:content")


class BufferedWrite:
    """The document is written into a string and handed to `outfile` once: written to
    the response directly, each of its thousand-odd pieces was encoded and appended on
    its own (a tenth of a feed's time)."""

    def write(self, outfile, encoding):
        buffer = io.StringIO()
        handler = XMLWriter(buffer, encoding, short_empty_elements=True)
        handler.startDocument()
        self.write_document(handler)
        outfile.write(buffer.getvalue().encode(encoding))


class RssFeed(BufferedWrite, feedgenerator.Rss201rev2Feed):
    def write_document(self, handler):
        handler.startElement("rss", self.rss_attributes())
        handler.startElement("channel", self.root_attributes())
        self.add_root_elements(handler)
        self.write_items(handler)
        self.endChannelElement(handler)
        handler.endElement("rss")

    def rss_attributes(self):
        return {
            **super().rss_attributes(),
            "xmlns:content": "http://purl.org/rss/1.0/modules/content/",
            "xmlns:dc": "http://purl.org/dc/elements/1.1/",
            "xmlns:media": MEDIA_NS,
        }

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        # RSS's <author> wants an e-mail address; Dublin Core takes a name.
        for name in item["authors"]:
            handler.addQuickElement("dc:creator", name)
        handler.addQuickElement("content:encoded", item["content"])
        if item["image"]:
            write_media(handler, item["image"])

    def latest_post_date(self):
        return super().latest_post_date() if self.items else self.feed["empty_date"]


class AtomFeed(BufferedWrite, feedgenerator.Atom1Feed):
    def write_document(self, handler):
        handler.startElement("feed", self.root_attributes())
        self.add_root_elements(handler)
        self.write_items(handler)
        handler.endElement("feed")

    def root_attributes(self):
        return {**super().root_attributes(), "xmlns:media": MEDIA_NS}

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        for name in item["authors"]:
            handler.startElement("author", {})
            handler.addQuickElement("name", name)
            handler.endElement("author")
        handler.addQuickElement("content", item["content"], {"type": "html"})
        if item["image"]:
            write_media(handler, item["image"])

    def latest_post_date(self):
        return super().latest_post_date() if self.items else self.feed["empty_date"]


@dataclass
class Image:
    url: str
    length: str
    mime_type: str
    width: int | None
    height: int | None
    caption: str
    credit: str


@dataclass
class Entry:
    title: str
    link: str
    guid: str
    summary: str | None
    content: str
    published: datetime.datetime
    updated: datetime.datetime
    authors: list
    categories: list
    image: Image | None
    attachments: list = field(default_factory=list)  # Atom's enclosures after the image


class BadQuery(Exception):
    pass


@dataclass
class Selection:
    """One feed request: its fixed term, the validated filter and the item limit."""

    request: object
    fixed: str
    term: object  # a vocabulary Term, or None for /press-releases/
    filterset: PressReleaseFilter
    limit: int
    atom: bool
    count: int | None = None

    @cached_property
    def query(self):
        """The canonical query of this feed, without the fixed term."""
        cleaned = self.filterset.form.cleaned_data
        query = newsroom.canonical_query(cleaned, exclude=(self.fixed, "sort"))
        if self.limit == DEFAULT_LIMIT:
            return query
        pairs = [*parse_qsl(query), ("limit", str(self.limit))]
        return urlencode(sorted(pairs, key=lambda pair: pair[0]))

    def absolute(self, path, query=""):
        return self.request.build_absolute_uri(f"{path}?{query}" if query else path)

    @cached_property
    def self_url(self):
        slug = self.term.slug if self.term else ""
        return self.absolute(
            feed_urls(self.fixed, slug)["atom" if self.atom else "rss"], self.query
        )

    def page_url(self):
        cleaned = self.filterset.form.cleaned_data
        query = newsroom.canonical_query(cleaned, exclude=(self.fixed, "sort"))
        return self.absolute(self.term.url if self.term else reverse("releases:list"), query)

    @cached_property
    def window(self):
        """The releases this feed shows, newest first by publication: their ids from the
        listing engine, the rows (published() again) from the database."""
        ids = newsroom.selection(self.filterset).ids(order="publication", stop=self.limit)
        return self.filterset.queryset.filter(pk__in=ids).order_by("-publish_at", "-id")

    def validators(self):
        """(ETag, Last-Modified timestamp) of this feed: computed by compute_validators()
        once per content and vocabulary version (and never past the next scheduled
        publication, when the window may change without a write), like every fragment."""
        key = caching.fragment_key("feed-validators-scoped", self.self_url)
        found = caching.get_fragment(key)
        if found is None:
            validators = self.compute_validators()
            # What the feed shows of the releases, for the page cache (releases.scopes).
            scope = scopes.listing(newsroom.selection(self.filterset))
            found = (*validators, self.count, scope)
            caching.set_fragment(key, found)
        etag, last_modified, self.count, self.scope = found
        return etag, last_modified

    def compute_validators(self):
        """(ETag, Last-Modified timestamp), from one aggregate over the releases the feed
        shows: an edit moves the newest updated_at, a scheduled release reaching its time
        moves the newest publish_at, and count and id sum change when a release enters or
        leaves (published, unpublished, deleted, refiled). An edit of a release too old
        to be shown changes nothing, and the query reads only the index's first rows."""
        row = self.window.aggregate(
            count=Count("pk"),
            ids=Sum("pk"),
            edited=Max("updated_at"),
            published=Max("publish_at"),
        )
        self.count = row["count"]
        dates = [row["edited"], row["published"]]
        newest = max((date for date in dates if date), default=EMPTY_FEED_DATE)
        parts = [MARKUP_VERSION, self.self_url, vocabulary_digest(), row["count"], row["ids"]]
        # The title names the filter's terms: a renamed tag renames it (the vocabulary
        # digest covers the other terms).
        parts += newsroom.describe(self.filterset.form.cleaned_data)
        parts += [date.isoformat() if date else "" for date in dates]
        digest = hashlib.blake2b("|".join(map(str, parts)).encode(), digest_size=16)
        return quote_etag(digest.hexdigest()), int(newest.timestamp())

    def entries(self):
        if self.count == 0:
            return []
        releases = list(self.window.select_related("lead_image").only(*ITEM_FIELDS))
        relations = relation_rows(releases)
        entries = [self.entry(release, relations) for release in releases]
        if self.atom:  # RSS allows one enclosure per item: the image
            documents = defaultdict(list)
            for attachment in AttachmentModel.objects.filter(release__in=releases):
                documents[attachment.release_id].append(
                    feedgenerator.Enclosure(
                        self.absolute(attachment.get_absolute_url()),
                        str(attachment.size),
                        CONTENT_TYPES[attachment.kind],
                    )
                )
            for release, entry in zip(releases, entries, strict=True):
                entry.attachments = documents[release.pk]
        return entries

    def entry(self, release, relations):
        link = self.absolute(release.get_absolute_url())
        published = utc(release.publish_at)
        major = release.last_major_change
        related = relations.get(release.pk, {})
        return Entry(
            title=release.title,
            link=link,
            guid=self.guid(release),
            summary=escape(release.standfirst) if release.standfirst else None,
            content=absolute_links(release.body, link),
            published=published,
            # A minor edit leaves last_major_change alone, so readers are not told of it.
            updated=max(published, utc(major)) if major else published,
            authors=related.get("source", []),
            categories=related.get("field", []) + related.get("country", []),
            image=self.image(release),
        )

    def guid(self, release):
        """A tag URI from the pk and the creation date: unlike the URL, it survives a
        change of slug. FEED_TAG_AUTHORITY, when set, keeps it the same on every host."""
        authority = getattr(settings, "FEED_TAG_AUTHORITY", "")
        authority = authority or urlsplit(f"//{self.request.get_host()}").hostname
        return f"tag:{authority},{utc(release.created_at):%Y-%m-%d}:press-release:{release.pk}"

    def image(self, release):
        """The 16:9 crop around the focal point, FEED_WIDTH wide (or the image's width)."""
        image = release.lead_image
        if image is None or not image.width:
            return None
        size = image.lead_size(IMAGE_WIDTH)
        name = image.crop_name(size, "jpg")
        storage = image.file.storage
        try:
            length = storage.size(name)
        except OSError:  # a crop not made (yet): no enclosure rather than a wrong one
            return None
        return Image(
            url=self.absolute(storage.url(name)),
            length=str(length),
            mime_type=FORMATS["jpg"][1],
            width=size[0],
            height=size[1],
            caption=release.lead_caption,
            credit=image.credit,
        )


def absolute_links(html, base):
    """The sanitised body with every link and image URL absolute: a reader shows it away
    from the site. Cleaned again with the same allow-list on the way."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        attribute_filter=lambda tag, name, value: (
            urljoin(base, value) if name in ("href", "src") else value
        ),
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


def relation_rows(releases):
    """{release pk: {"field": [names], "country": [names], "source": [display names]}}
    in the active language, each list in the vocabulary's order (the menu's; countries
    by their names in that language), from the listing engine's index (no query)."""
    return {
        pk: {
            "field": [term.name for term in found.fields],
            "country": [term.name for term in found.countries],
            # Structure: its display name ("OSCE Mission in Kosovo").
            "source": [term.display_name for term in found.sources],
        }
        for pk, found in selectors.releases_relations(releases).items()
    }


_digests = {}


def vocabulary_digest():
    """A digest of the vocabulary's content in the active language, in every ETag:
    renaming a term renames it in feed titles and categories. The same on every process,
    unlike the cache version."""
    terms = vocabulary()
    key = (version(TAXONOMY), terms.language)
    if key not in _digests:
        if any(stamp != key[0] for stamp, _language in _digests):
            _digests.clear()
        _digests[key] = hashlib.blake2b(repr(terms).encode(), digest_size=8).hexdigest()
    return _digests[key]


def bad_request(reasons):
    text = "\n".join(reason[:300] for reason in reasons) + "\n"
    return HttpResponseBadRequest(text, content_type="text/plain; charset=utf-8")


class LatestReleasesFeed(Feed):
    """The newest published releases for a newsroom filter: /press-releases/feed/ with
    the query's filters, or an entity page's feed with its term fixed. `atom` selects
    Atom 1.0 over RSS 2.0."""

    @property
    def language(self):
        # The feed's <language> and xml:lang: the language its path names, the one
        # whose releases it lists.
        return current_language()

    # osce_site.http: other parameters (page, sort: a feed is newest first, one page
    # long) are redirected away.
    query_params = frozenset(PressReleaseFilter.base_filters) - {"sort"} | {"limit"}

    def __init__(self, *, fixed="", atom=False):
        self.fixed = fixed
        self.atom = atom
        self.feed_type = AtomFeed if atom else RssFeed

    def __call__(self, request, slug=None):
        if request.method not in ("GET", "HEAD"):
            return HttpResponseNotAllowed(["GET", "HEAD"])
        try:
            selection = self.select(request, slug)
        except BadQuery as error:
            return bad_request(error.args)
        etag, last_modified = selection.validators()
        request.page_scope = selection.scope
        response = get_conditional_response(request, etag=etag, last_modified=last_modified)
        if response is None:
            response = self.document(request, selection, etag)
        newsroom.forget_selection(selection.filterset)
        response.headers["ETag"] = etag
        response.headers["Last-Modified"] = http_date(last_modified)
        patch_cache_control(response, public=True, max_age=MAX_AGE)
        return response

    def document(self, request, selection, etag):
        """The feed itself. Its ETag is a digest of everything the document shows, so
        the bytes rendered for one ETag serve every later request with it (under the
        current content and vocabulary versions, like every cached fragment)."""
        key = caching.fragment_key("feed", etag)
        found = caching.get_fragment(key)
        if found is not None:
            content, content_type = found
            return HttpResponse(content, content_type=content_type)
        response = super().__call__(request, selection)
        if response.status_code == 200:
            caching.set_fragment(key, (response.content, response["Content-Type"]))
        return response

    def select(self, request, slug):
        term = None
        if self.fixed:
            terms = getattr(vocabulary(), FEED_KINDS[self.fixed][0])
            term = next((t for t in terms if t.slug == slug), None)
            if term is None:
                raise Http404(_("No such term."))
        data = request.GET.copy()
        if any("\x00" in value for _key, values in data.lists() for value in values):
            raise BadQuery(_("The query contains a NUL character."))
        limit_text = data.pop("limit", [str(DEFAULT_LIMIT)])[-1]
        for name in NOT_FEED_PARAMS:
            data.pop(name, None)
        if term:
            data.setlist(self.fixed, [term.slug])
        filterset = PressReleaseFilter(data, queryset=selectors.public_releases())
        reasons = []
        if not (LIMIT_PATTERN.fullmatch(limit_text) and int(limit_text) <= MAX_LIMIT):
            reasons.append(_("limit: a whole number from 1 to %(max)d.") % {"max": MAX_LIMIT})
        if not filterset.is_valid():
            fields = filterset.form.fields
            reasons += [
                f"{fields[name].label if name in fields else name}: {message}"
                for name, messages in filterset.form.errors.items()
                for message in messages
            ]
        if reasons:
            raise BadQuery(*reasons)
        return Selection(request, self.fixed, term, filterset, int(limit_text), self.atom)

    def get_object(self, request, selection):
        return selection

    def title(self, selection):
        return self.channel_text(selection, self.plain_title(selection))

    def description(self, selection):
        text = _("%(title)s: press releases, news and statements, newest first.") % {
            "title": self.plain_title(selection)
        }
        return self.channel_text(selection, text)

    def plain_title(self, selection):
        words = newsroom.describe(selection.filterset.form.cleaned_data)
        title = _("%(site)s press releases") % {"site": site_name()}
        return f"{title}: {' · '.join(map(str, words))}" if words else title

    def channel_text(self, selection, text):
        """The channel's title or description, which carry the query and term names. RSS
        readers render these as HTML, so they are escaped as item descriptions are; Atom
        marks them as text (type="text" by default), which readers must not render."""
        return text if selection.atom else escape(text)

    def link(self, selection):
        return selection.page_url()

    def feed_url(self, selection):
        return selection.self_url

    def feed_guid(self, selection):
        return selection.self_url

    def author_name(self, selection):
        return site_name()

    def feed_extra_kwargs(self, selection):
        return {"empty_date": EMPTY_FEED_DATE}

    def items(self, selection):
        return selection.entries()

    def item_title(self, entry):
        return entry.title  # plain text: the writer escapes it once

    def item_link(self, entry):
        return entry.link

    def item_guid(self, entry):
        return entry.guid

    item_guid_is_permalink = False

    def item_description(self, entry):
        return entry.summary

    def item_pubdate(self, entry):
        return entry.published

    def item_updateddate(self, entry):
        return entry.updated

    def item_categories(self, entry):
        return entry.categories

    def item_enclosures(self, entry):
        image = entry.image
        images = (
            [feedgenerator.Enclosure(image.url, image.length, image.mime_type)] if image else []
        )
        return images + entry.attachments

    def item_extra_kwargs(self, entry):
        return {"authors": entry.authors, "content": entry.content, "image": entry.image}
