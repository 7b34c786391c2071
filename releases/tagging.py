"""Which tag a typed name means. taggit matches a typed name against names only, so
"election-observation" typed for the tag "Election observation" created a second tag
with the slug "election-observation_1". Here a name means the existing tag whose name
matches it case-insensitively, or else whose slug it is or slugifies to; only a name
that matches nothing is new. Every write of a release's tags goes through this (the
manager below), whatever the path: admin form, command, shell."""

from django.db.models import Q
from taggit.managers import _TaggableManager
from taggit.models import Tag

MAX_LENGTH = Tag._meta.get_field("name").max_length


def tag_slug(name):
    return Tag().slugify(name)


def existing_tag(name):
    """The tag `name` means, or None when it means a new one."""
    name = name.strip()
    if not name:
        return None
    found = Tag.objects.filter(name__iexact=name).order_by("pk").first()
    if found is None:
        slugs = {slug for slug in (tag_slug(name), name.lower()) if slug}
        matches = Q()
        for slug in slugs:
            matches |= Q(slug__iexact=slug)
        found = Tag.objects.filter(matches).order_by("pk").first() if slugs else None
    return found


def resolve(names):
    """(existing tags, new names) for typed names, each tag or name once, in order."""
    tags, new, seen = [], [], set()
    for name in names:
        name = name.strip()
        if not name:
            continue
        tag = existing_tag(name)
        key = ("tag", tag.pk) if tag else ("new", tag_slug(name) or name.lower())
        if key in seen:
            continue
        seen.add(key)
        if tag:
            tags.append(tag)
        else:
            new.append(name)
    return tags, new


class ReleaseTagManager(_TaggableManager):
    """taggit's manager (taggit documents subclassing it for this), with typed names
    resolved as above before taggit looks them up or creates them."""

    def _to_tag_model_instances(self, tags, tag_kwargs):
        resolved = []
        for tag in tags:
            if isinstance(tag, str):
                if not tag.strip():
                    continue
                tag = existing_tag(tag) or tag.strip()
            resolved.append(tag)
        return super()._to_tag_model_instances(resolved, tag_kwargs)
