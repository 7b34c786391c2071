"""Start at / with the demo content and follow every internal link: pages, feeds and
the sitemap. Every URL answers (200 or an intended redirect), and every HTML page is
well-formed enough for a strict HTML5 parser, with one h1, a title and lang."""

import re
from urllib.parse import urldefrag, urljoin, urlsplit

import html5lib
import pytest
from defusedxml import ElementTree

HTML = "text/html"
SKIP_PREFIXES = ("/admin/", "/media/", "/static/")
LIMIT = 1500


def links_in_html(document):
    for element in document.iter():
        for attribute in ("href", "src"):
            value = element.get(attribute)
            if value:
                yield value


def links_in_xml(body):
    root = ElementTree.fromstring(body)
    for element in root.iter():
        if element.tag.endswith(("loc", "link")) and element.text:
            yield element.text.strip()
        if element.get("href"):
            yield element.get("href")


def internal(url):
    parts = urlsplit(url)
    if parts.scheme not in ("", "http") or parts.netloc not in ("", "testserver"):
        return None
    path = urldefrag(parts.path + (f"?{parts.query}" if parts.query else ""))[0]
    if not path or path.startswith(SKIP_PREFIXES):
        return None
    return path


def crawl(client):
    seen, queue, pages, problems = set(), ["/", "/sitemap.xml", "/robots.txt"], {}, []
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    while queue and len(seen) < LIMIT:
        path = queue.pop(0)
        if path in seen:
            continue
        seen.add(path)
        response = client.get(path)
        if response.status_code in (301, 302):
            queue.append(internal(response["Location"]) or "/")
            continue
        if response.status_code != 200:
            problems.append((path, response.status_code))
            continue
        kind = response["Content-Type"]
        body = response.content.decode()
        if kind.startswith(HTML):
            try:
                document = parser.parse(body)
            except html5lib.html5parser.ParseError as error:
                problems.append((path, f"HTML parse error: {error}"))
                continue
            pages[path] = document
            found = links_in_html(document)
        elif "xml" in kind:
            found = links_in_xml(response.content)
        else:
            found = re.findall(r"https?://testserver/\S+", body)
        for link in found:
            target = internal(urljoin("http://testserver" + path, link))
            if target and target not in seen:
                queue.append(target)
    return seen, pages, problems


@pytest.mark.django_db
def test_every_internal_link_works_and_every_page_is_sound(client, demo_content):
    seen, pages, problems = crawl(client)
    print(f"crawled {len(seen)} URLs, {len(pages)} HTML pages")
    assert problems == []
    assert len(seen) > 150
    assert any("/feed/" in url for url in seen) and any("/atom/" in url for url in seen)
    for path, document in pages.items():
        assert document.get("lang") == "en", path
        assert len(document.findall(".//h1")) == 1, path
        title = document.find(".//title")
        assert title is not None and title.text.strip(), path
