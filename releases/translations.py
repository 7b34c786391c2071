"""Releases in several languages. A translation is a release of its own (title, slug,
text, image caption and alt text, status, publish time, history) linked to its original;
it shares the original's sources, fields of work, countries, meeting types, tags and
date. Those are copied onto each translation, so that every listing, facet and feed
query works per row unchanged, by sync_relations(), which every write path calls."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils.translation import get_language, get_supported_language_variant, gettext

from .changes import record
from .models import PressRelease

# The relations (and the date) a translation takes from its original.
SHARED_RELATIONS = ("sources", "fields_of_work", "countries", "meeting_types")
SHARED_FIELDS = ("date",)


def language_codes():
    return [code for code, _name in settings.LANGUAGES]


def language_name(code):
    return dict(settings.LANGUAGES).get(code, code)


def current_language():
    """The language of the current request or activation, as one of settings.LANGUAGES
    (the default language when none is active or it is not one of them)."""
    try:
        return get_supported_language_variant(get_language() or settings.LANGUAGE_CODE)
    except LookupError:
        return settings.LANGUAGE_CODE


def in_language(queryset, language=None):
    """The releases of `queryset` written in (or translated into) `language`, by default
    the current one. The one narrowing every public listing applies to published()."""
    return queryset.filter(language=language or current_language())


def _relation_ids(name, release_ids):
    """{release id: set of related ids} of one shared relation, in one query."""
    field = PressRelease._meta.get_field(name)
    through = field.remote_field.through
    source, target = f"{field.m2m_field_name()}_id", f"{field.m2m_reverse_field_name()}_id"
    found = {pk: set() for pk in release_ids}
    rows = through.objects.filter(**{f"{source}__in": release_ids}).values_list(source, target)
    for release_id, target_id in rows:
        found[release_id].add(target_id)
    return found


def _tag_ids(release_ids):
    from .models import TaggedPressRelease

    found = {pk: set() for pk in release_ids}
    rows = TaggedPressRelease.objects.filter(content_object_id__in=release_ids)
    for release_id, tag_id in rows.values_list("content_object_id", "tag_id"):
        found[release_id].add(tag_id)
    return found


def _copy(original, translation, shared):
    """Give `translation` the original's shared relations and fields (as read into
    `shared`); True if anything changed. The caller records the version."""
    changed = False
    for name in SHARED_FIELDS:
        value = getattr(original, name)
        if getattr(translation, name) != value:
            # An update, not save(): sharing the original's date is no edit of the
            # translation (its version, which an open form holds, stays).
            PressRelease.objects.filter(pk=translation.pk).update(**{name: value})
            setattr(translation, name, value)
            changed = True
    for name in SHARED_RELATIONS:
        wanted = shared[name][original.pk]
        if shared[name].get(translation.pk, set()) != wanted:
            getattr(translation, name).set(wanted)
            changed = True
    wanted_tags = shared["tags"][original.pk]
    if shared["tags"].get(translation.pk, set()) != wanted_tags:
        from taggit.models import Tag

        translation.tags.set(list(Tag.objects.filter(pk__in=wanted_tags)))
        changed = True
    return changed


def _shared(release_ids):
    shared = {name: _relation_ids(name, release_ids) for name in SHARED_RELATIONS}
    shared["tags"] = _tag_ids(release_ids)
    return shared


def copy_shared(original, translation):
    """Give one translation its original's shared relations and date now; True if
    anything changed. The caller records the version (see sync_relations())."""
    return _copy(original, translation, _shared([original.pk, translation.pk]))


def sync_relations(original):
    """Copy the original's sources, fields of work, countries, meeting types, tags and
    date onto each of its translations. A translation that changes gets one version in
    its history (none if nothing changed) and the content version moves, as for any
    write. Returns the translations that changed. Given a translation, syncs its
    original's family."""
    if original.translation_of_id:
        original = original.translation_of
    translations = list(original.translations.all())
    if not translations:
        return []
    shared = _shared([original.pk, *(t.pk for t in translations)])
    changed = []
    with transaction.atomic():
        for translation in translations:
            translation.hold_history()  # the relations below are one version
            if _copy(original, translation, shared):
                translation._change_reason = gettext("shared relations copied from the original")
                translation.record_version()
                changed.append(translation)
            else:
                del translation.skip_history_when_saving
        if changed:
            record([translation.pk for translation in changed])
    return changed


def sync_all():
    """sync_relations() for every original that has translations (bulk commands)."""
    changed = []
    originals = PressRelease.objects.filter(translation_of__isnull=True, translations__isnull=False)
    for original in originals.distinct().order_by("pk"):
        changed += sync_relations(original)
    return changed


def is_out_of_date(translation):
    """A translation is out of date when its original changed in substance after the
    translation's own last major change. An original is never out of date."""
    original = translation.translation_of if translation.translation_of_id else None
    if original is None or original.last_major_change is None:
        return False
    if translation.last_major_change is None:
        return True
    return original.last_major_change > translation.last_major_change


def out_of_date(queryset):
    """The queryset side of is_out_of_date() (pinned together by a truth-table test)."""
    return queryset.filter(translation_of__isnull=False).filter(
        Q(last_major_change__isnull=True, translation_of__last_major_change__isnull=False)
        | Q(translation_of__last_major_change__gt=F("last_major_change"))
    )


def missing_languages(original):
    """The site's languages without a version of `original`, in settings order."""
    present = {original.language, *original.translations.values_list("language", flat=True)}
    return [code for code in language_codes() if code not in present]


def translation_slug(original, language):
    """A free slug for a new translation: the original's with the language code."""
    base = f"{original.slug[: 255 - len(language) - 5]}-{language}"
    slug, number = base, 1
    while PressRelease.objects.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug


def create_translation(original, language, *, user=None):
    """A draft translation of `original` into `language`, prefilled from it (text to
    translate, relations shared, the image reused with its caption and alt text to
    translate), recorded as one version. Raises ValidationError for an original that
    is itself a translation, the original's own language or one already translated."""
    if original.translation_of_id:
        raise ValidationError(gettext("Translate the original release, not a translation of it."))
    translation = PressRelease(
        translation_of=original,
        language=language,
        release_type=original.release_type,
        title=original.title,
        slug=translation_slug(original, language),
        standfirst=original.standfirst,
        body=original.body,
        date=original.date,
        place=original.place,
        # The library image is reused; its caption and alternative text are the
        # translation's own, prefilled to be translated.
        lead_image=original.lead_image,
        image_caption=original.lead_caption,
        image_alt=original.lead_alt,
        status=PressRelease.Status.DRAFT,
        created_by=user,
        updated_by=user,
    )
    translation.full_clean()
    with transaction.atomic():
        translation.hold_history()
        translation.save()
        copy_shared(original, translation)
        translation._change_reason = gettext("translation created")
        translation.record_version()
    return translation
