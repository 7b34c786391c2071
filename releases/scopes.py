"""What a stored page shows of the releases, so that a change of other releases leaves it
stored (osce_site.cache: a page whose content stamp has moved is checked here before it
is rendered again).

A page's scope is what it depends on, and the listing engine's watermark when it was
computed (the change rows it had applied). On a later request the engine's history
(releases.engine.changes_since) names every release changed since, as it was before
and after; the page still holds if none of those signatures concerns it:

- a listing (the newsroom, an entity page, a filtered feed) shows the releases that
  pass every filter, and each facet counts those that pass every filter but its own:
  a release concerns it when it is published in the page's language, passes the date
  bounds, the search (asked of the database for the new text; an old text is assumed
  to match) and the filters that are no facet of the page (an entity page's own term),
  and fails at most one filter that is a facet;
- a release page shows the release, its language versions and the releases sharing a
  field of work or a country with it that were published nearest in time to it: it is
  concerned by a change of any release of its translation group, and of a published
  release in its language that shares one and was published no further from it in
  time than the furthest of those shown (any, if fewer were shown). A new publication
  therefore concerns only the pages of the newest releases on its subjects.

Anything else a page shows is either under the taxonomy stamp (a vocabulary change
renders every page again) or recorded as a change of everything (a tag rename, a bulk
import: the engine rebuilds and forgets its history, and every page renders again)."""

from django.utils import translation

from . import engine, search, selectors

LISTING = "listing"
# Named after what it holds: a scope stored under an earlier layout is not read, only
# rendered again.
RELEASE = "release-nearest"


def listing(selection, facets=()):
    """The scope of a page showing `selection` (its releases, and the named facets)."""
    params = (selection.language, dict(selection.wanted), tuple(facets))
    return (LISTING, params, selection.index.watermark)


def release_page(release, relations, related, limit, mark):
    """The scope of `release`'s page (filed under `relations`: selectors.Relations),
    showing `related` (at most `limit` of them), read after the engine's `mark`
    (watermark())."""
    fields = frozenset(relations.field_ids)
    countries = frozenset(relations.country_ids)
    moment = engine.micros(selectors.related_moment(release))
    radius = None
    if len(related) >= limit:
        radius = max(abs(engine.micros(shown.publish_at) - moment) for shown in related)
    group = release.translation_of_id or release.pk
    params = (release.pk, group, release.language, fields, countries, moment, radius)
    return (RELEASE, params, mark)


def watermark():
    """The watermark to give a scope whose page reads the database after this call."""
    return engine.engine.current().watermark


def still_valid(scope):
    """The scope renewed to the engine's current watermark if no change since concerns
    its page; None if one does, or if the changes since are no longer known."""
    kind, params, mark = scope
    index = engine.engine.current()
    changes = engine.changes_since(index, mark)
    if changes is None:
        return None
    if changes:
        check = {LISTING: _concerns_listing, RELEASE: _concerns_release_page}.get(kind)
        if check is None or check(params, changes):
            return None
    return (kind, params, index.watermark)


def _concerns_release_page(params, changes):
    release_id, group, language, fields, countries, moment, radius = params
    for change in changes:
        for signature in (change.before, change.after):
            if signature is None:
                continue
            if signature.release_id == release_id or signature.group == group:
                return True
            if not signature.published or signature.language != language:
                continue
            terms = signature.terms
            if not (terms.get("field", frozenset()) & fields) and not (
                terms.get("country", frozenset()) & countries
            ):
                continue
            if radius is None or abs(signature.publish_at - moment) <= radius:
                return True
    return False


def _concerns_listing(params, changes):
    language, wanted, facets = params
    text = wanted.get("q")
    matched = None
    for change in changes:
        for signature, new in ((change.before, False), (change.after, True)):
            if signature is None or not signature.published or signature.language != language:
                continue
            if text and new and matched is None:
                matched = _matching(text, language, changes)
            searched = not text or not new or signature.release_id in matched
            if _shows(signature, wanted, facets, searched):
                return True
    return False


def _shows(signature, wanted, facets, searched):
    """Whether a published release of the page's language counts on the page."""
    failing = 0
    for name, value in wanted.items():
        if name == "from":
            passes = signature.date >= value
        elif name == "to":
            passes = signature.date <= value
        elif name == "q":
            passes = searched
        elif name == "type":
            passes = signature.type in value
        else:
            passes = bool(signature.terms.get(name, frozenset()) & value)
        if not passes:
            if name not in facets:
                return False
            failing += 1
    return failing <= 1


def _matching(text, language, changes):
    """The ids among the changed releases whose text (as it is now) matches `text`."""
    ids = {change.release_id for change in changes if change.after is not None}
    with translation.override(language):
        return set(search.matching_among(text, ids)) if ids else set()
