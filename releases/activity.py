"""The one place a publishing event is recognised: every write path (the release form,
the history's restore, the list's actions, deletion) hands it the release's state before
and after, and it records the activity and queues the notifications it calls for, once
the write commits."""

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from osce_site.tasks import enqueue_on_commit

from .desk_models import ReleaseActivity
from .models import PressRelease

Action = ReleaseActivity.Action
Status = PressRelease.Status


@dataclass(frozen=True)
class State:
    """What a publishing event is judged on: a release's state at one moment."""

    status: str
    publish_at: datetime | None
    last_major_change: datetime | None

    def is_public(self, now):
        """PressRelease.is_published() (published()'s rule) for this state."""
        return PressRelease(status=self.status, publish_at=self.publish_at).is_published(now)

    @classmethod
    def of(cls, release):
        if release is None:
            return None
        return cls(release.status, release.publish_at, release.last_major_change)

    @classmethod
    def stored(cls, pk):
        """The state the database holds for release `pk` (None for a new release)."""
        if pk is None:
            return None
        row = (
            PressRelease.objects.filter(pk=pk)
            .values_list("status", "publish_at", "last_major_change")
            .first()
        )
        return cls(*row) if row else None


def actions_between(before, after, *, now=None):
    """The publishing actions that took a release from state `before` (None: it is
    new) to state `after`."""
    now = now or timezone.now()
    was = before.status if before else Status.DRAFT
    found = []
    if after.status == Status.REVIEW and was != Status.REVIEW:
        found.append(Action.SUBMITTED)
    was_public = before is not None and before.is_public(now)
    if after.status == Status.PUBLISHED:
        moved = before is not None and before.publish_at != after.publish_at
        if after.publish_at > now:
            if was != Status.PUBLISHED:
                found.append(Action.SCHEDULED)
            elif moved:
                found.append(Action.RESCHEDULED)
        elif not was_public:
            found.append(Action.PUBLISHED)
        elif moved:
            found.append(Action.RESCHEDULED)
    elif was == Status.PUBLISHED:
        found.append(Action.UNPUBLISHED)
    return found


def record(release, action, user, *, at=None):
    return ReleaseActivity.objects.create(
        action=action,
        at=at or timezone.now(),
        release=release if action != Action.DELETED else None,
        release_ref=release.pk,
        release_title=release.title[:255],
        language=release.language,
        user=user if user and user.pk else None,
        user_name=user.get_username() if user and user.pk else "",
        publish_at=release.publish_at if release.status == Status.PUBLISHED else None,
    )


def release_changed(release, before, user, *, restored=False):
    """Record what a save of `release` did, given its state before (State or None),
    and queue its notifications. Returns the activity recorded."""
    after = State.of(release)
    actions = actions_between(before, after)
    if restored:
        actions.insert(0, Action.RESTORED)
    entries = [record(release, action, user) for action in actions]
    for entry in entries:
        notify_on_commit(entry)
    if (
        before is not None
        and not release.translation_of_id
        and before.last_major_change is not None
        and after.last_major_change is not None
        and after.last_major_change > before.last_major_change
        and release.translations.exists()
    ):
        from . import tasks

        changed = after.last_major_change.isoformat()
        enqueue_on_commit(tasks.notify_stale_translations, release.pk, changed)
    return entries


def release_deleted(release, user):
    """Before a release is deleted: its entry keeps its number and title."""
    return record(release, Action.DELETED, user)


def notify_on_commit(entry):
    from . import tasks

    task = {
        Action.SUBMITTED: tasks.notify_review,
        Action.PUBLISHED: tasks.notify_author,
        Action.SCHEDULED: tasks.notify_author,
        Action.UNPUBLISHED: tasks.notify_author,
    }.get(entry.action)
    if task is not None:
        enqueue_on_commit(task, entry.pk)
