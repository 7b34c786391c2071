from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.translation import gettext_lazy as _


def content_changed(sender, instance=None, **kwargs):
    from .changes import content_changed
    from .models import PressRelease

    # The release concerned when there is one (a release saved, its relations set), for
    # alerts; a published one only (a draft's edits concern nobody yet).
    if isinstance(instance, PressRelease):
        published = instance.status == PressRelease.Status.PUBLISHED
        content_changed([instance.pk] if published and instance.pk else [])
    else:
        content_changed(None)


class ReleasesConfig(AppConfig):
    name = "releases"
    verbose_name = _("Press releases")

    def ready(self):
        from .search import register_sqlite_functions

        connection_created.connect(register_sqlite_functions, dispatch_uid="sqlite-casefold")

        # Anything public that is cached carries the content version: any write to a
        # release, its relations or its tags makes every such entry stale at once. A
        # tag's own name and slug are shown on release pages, in the newsroom and in
        # feed titles, so renaming, merging or deleting one is a content change too.
        from taggit.models import Tag

        from .models import PressRelease, TaggedPressRelease, release_deleted

        for model in (PressRelease, TaggedPressRelease, Tag):
            post_save.connect(content_changed, sender=model, dispatch_uid=f"content-{model}")
            post_delete.connect(content_changed, sender=model, dispatch_uid=f"content-d-{model}")
        for relation in ("sources", "fields_of_work", "countries", "meeting_types"):
            through = getattr(PressRelease, relation).through
            m2m_changed.connect(content_changed, sender=through, dispatch_uid=f"content-{relation}")

        # A deleted release's lead image goes offline with it, once the delete commits.
        post_delete.connect(release_deleted, sender=PressRelease, dispatch_uid="release-image")
