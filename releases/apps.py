from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.translation import gettext_lazy as _


def content_changed(sender, instance=None, **kwargs):
    """post_save, post_delete and m2m_changed of a release, its relations, its tags, its
    attachments and its library image: the releases concerned go to the one change hook
    (releases.changes)."""
    from taggit.models import Tag

    from .changes import record
    from .models import Attachment, Image, PressRelease, TaggedPressRelease

    if kwargs.get("action") in ("pre_add", "pre_remove", "post_clear"):
        return  # each change once: after an add or remove, before a clear
    if isinstance(instance, PressRelease):
        record([instance.pk])
    elif isinstance(instance, TaggedPressRelease):
        record([instance.content_object_id])
    elif isinstance(instance, Attachment):
        record([instance.release_id])
    elif isinstance(instance, Image):  # the releases that show it (none: nothing public)
        record(PressRelease.objects.filter(lead_image=instance.pk).values_list("pk", flat=True))
    elif isinstance(instance, Tag):
        if not kwargs.get("created"):  # a new tag is on no release yet
            record()  # a tag's name or slug: every release that carries it
    elif kwargs.get("pk_set") is not None:
        record(kwargs["pk_set"])  # a term's releases changed from the term's side
    else:
        record()


def vocabulary_changed(sender, **kwargs):
    """A term of a vocabulary (field of work, meeting type, structure, country,
    chairpersonship) saved or deleted: its name, place or URL shows on release pages,
    in the newsroom and in the menu, so it is a change of everything. This also moves
    what a process with no shared cache keys its vocabulary by (releases.changes)."""
    from .changes import record

    record()


class ReleasesConfig(AppConfig):
    name = "releases"
    verbose_name = _("Press releases")

    def ready(self):
        from osce_site.cache import register_next_publication

        from .search import register_sqlite_functions
        from .selectors import next_scheduled_publication

        register_next_publication(next_scheduled_publication)

        connection_created.connect(register_sqlite_functions, dispatch_uid="sqlite-casefold")

        # Anything public that is cached carries the content version: any write to a
        # release, its relations or its tags makes every such entry stale at once. A
        # tag's own name and slug are shown on release pages, in the newsroom and in
        # feed titles, so renaming, merging or deleting one is a content change too.
        from taggit.models import Tag

        from .models import (
            Attachment,
            Image,
            PressRelease,
            TaggedPressRelease,
            attachment_deleted,
            image_deleted,
            release_deleted,
            touch_releases,
        )

        # A library image's caption, credit, alternative text or focal point and a release's
        # attachments show on release pages and in feeds too.
        for model in (PressRelease, TaggedPressRelease, Tag, Image, Attachment):
            post_save.connect(content_changed, sender=model, dispatch_uid=f"content-{model}")
            post_delete.connect(content_changed, sender=model, dispatch_uid=f"content-d-{model}")
        for relation in ("sources", "fields_of_work", "countries", "meeting_types"):
            through = getattr(PressRelease, relation).through
            m2m_changed.connect(content_changed, sender=through, dispatch_uid=f"content-{relation}")

        from countries.models import Chairpersonship, Country
        from osce_site.cache import TAXONOMY, register_stamp_source
        from taxonomy.models import FieldOfWork, MeetingType, Structure

        from .changes import newest_change_of_everything

        for model in (FieldOfWork, MeetingType, Structure, Country, Chairpersonship):
            uid = f"vocabulary-{model._meta.label}"
            post_save.connect(vocabulary_changed, sender=model, dispatch_uid=uid)
            post_delete.connect(vocabulary_changed, sender=model, dispatch_uid=f"{uid}-d")
        register_stamp_source(TAXONOMY, newest_change_of_everything)

        # A stored page outlives a change of releases it does not show (releases.scopes).
        from osce_site.cache import register_scope_check

        from .scopes import still_valid

        register_scope_check(still_valid)

        for model in (Image, Attachment):
            post_save.connect(touch_releases, sender=model, dispatch_uid=f"touch-{model}")
            post_delete.connect(touch_releases, sender=model, dispatch_uid=f"touch-d-{model}")
        # A deleted library image (refused while a release uses it) and a deleted
        # attachment go offline once the delete commits.
        post_delete.connect(image_deleted, sender=Image, dispatch_uid="library-image-files")
        # A release's lead image leaves with it (or when replaced or cleared) once no
        # release uses it any more.
        post_delete.connect(release_deleted, sender=PressRelease, dispatch_uid="release-image")
        post_delete.connect(attachment_deleted, sender=Attachment, dispatch_uid="attachment-files")
