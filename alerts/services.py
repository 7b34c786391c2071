"""Everything alerts do, as plain functions that the tasks call and tests call directly.

Exactly once (README "Email alerts"): a publication is one row per release; matching it
creates one Delivery row per (subscription, release) under a unique constraint; a sender
locks one pending delivery (SELECT … FOR UPDATE SKIP LOCKED), hands the email to the SMTP
server and marks the row sent in the same transaction. A worker killed before the commit
leaves the row pending and unlocked for the next one; another worker never sees a locked
row."""

import contextlib
import datetime
import hashlib
import logging
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core import mail
from django.db import IntegrityError, transaction
from django.db import connection as db_connection
from django.db.models import (
    BigIntegerField,
    CharField,
    Count,
    DateTimeField,
    Exists,
    Max,
    OuterRef,
    Q,
    Value,
)
from django.utils import timezone, translation

from osce_site.tasks import enqueue_on_commit
from releases.models import PressRelease

from . import emails, matching
from .models import ConfirmationRequest, Delivery, Publication, Subscription, query_digest

logger = logging.getLogger(__name__)

CONFIRM_DAYS = 7
# A release that became public longer ago than this is never alerted (a first deploy
# or a restored backup does not mail the archive).
LOOKBACK = datetime.timedelta(hours=24)


class RateLimited(Exception):
    pass


def _key(value):
    return hashlib.blake2b(value.lower().encode(), digest_size=16).hexdigest()


# ---- subscribing -------------------------------------------------------------------


def request_subscription(*, email, language, query, frequency, client):
    """A visitor asks for alerts. Returns the subscription (new or the same one as
    before) and enqueues one email: the confirmation, or, if the address already
    confirmed this filter, a note with its management link. Raises RateLimited."""
    from .tasks import send_confirmation

    email = email.strip().lower()
    hour_ago = timezone.now() - datetime.timedelta(hours=1)
    address_key, client_key = _key(email), _key(client or "-")
    recent = ConfirmationRequest.objects.filter(sent_at__gte=hour_ago)
    if (
        recent.filter(address_key=address_key).count() >= settings.ALERTS_PER_ADDRESS_PER_HOUR
        or recent.filter(client_key=client_key).count() >= settings.ALERTS_PER_CLIENT_PER_HOUR
    ):
        raise RateLimited
    with transaction.atomic():
        key = query_digest(language, query)
        subscription = Subscription.objects.filter(email=email, filter_key=key).first()
        if subscription is None:
            try:
                with transaction.atomic():
                    subscription = Subscription.objects.create(
                        email=email, language=language, query=query, frequency=frequency
                    )
            except IntegrityError:  # the same request, twice at once
                subscription = Subscription.objects.get(email=email, filter_key=key)
        elif not subscription.confirmed and subscription.frequency != frequency:
            subscription.frequency = frequency
            subscription.save(update_fields=["frequency", "filter_key"])
        ConfirmationRequest.objects.create(address_key=address_key, client_key=client_key)
        enqueue_on_commit(send_confirmation, subscription.pk)
    return subscription


def confirmation_email(subscription_id):
    subscription = Subscription.objects.filter(pk=subscription_id).first()
    if subscription is None:
        return None
    if subscription.confirmed:
        return emails.already_subscribed(subscription)
    return emails.confirmation(subscription)


def send_confirmation_now(subscription_id):
    message = confirmation_email(subscription_id)
    if message is not None:
        message.send()


def confirm(subscription):
    if not subscription.confirmed:
        subscription.confirmed_at = timezone.now()
        subscription.last_digest_at = subscription.confirmed_at
        subscription.next_digest_at = next_digest_time(subscription.frequency)
        subscription.save(update_fields=["confirmed_at", "last_digest_at", "next_digest_at"])
    return subscription


def set_frequency(subscription, frequency):
    subscription.frequency = frequency
    subscription.next_digest_at = next_digest_time(frequency)
    subscription.save(update_fields=["frequency", "next_digest_at", "filter_key"])


def purge_unconfirmed(now=None):
    """Requests not confirmed within 7 days are deleted; the limit counts go after a day."""
    now = now or timezone.now()
    stale = Subscription.objects.filter(
        confirmed_at__isnull=True, created_at__lt=now - datetime.timedelta(days=CONFIRM_DAYS)
    )
    deleted, _ = stale.delete()
    ConfirmationRequest.objects.filter(sent_at__lt=now - datetime.timedelta(days=1)).delete()
    return deleted


# ---- digests' clock ----------------------------------------------------------------


def next_digest_time(frequency, after=None):
    """The next digest time: ALERTS_DIGEST_HOUR (local, 07:00) every day, or on Mondays."""
    if frequency == Subscription.Frequency.IMMEDIATE:
        return None
    zone = ZoneInfo(settings.TIME_ZONE)
    after = (after or timezone.now()).astimezone(zone)
    hour = settings.ALERTS_DIGEST_HOUR
    candidate = after.replace(hour=hour, minute=0, second=0, microsecond=0)
    if candidate <= after:
        candidate += datetime.timedelta(days=1)
    if frequency == Subscription.Frequency.WEEKLY:
        candidate += datetime.timedelta(days=(7 - candidate.weekday()) % 7)
    # Rebuild in the zone: a daylight-saving change between keeps the local hour.
    return datetime.datetime.combine(candidate.date(), datetime.time(hour), zone)


# ---- publications: the change hook -------------------------------------------------


def record_publications(release_ids=None, now=None):
    """Record as publications the releases (of `release_ids`, or every one) that are
    public now, became public within LOOKBACK and have no publication yet; returns the
    new publications' ids. Idempotent: the change hook, the scheduler and a retry may
    all call it for the same release."""
    now = now or timezone.now()
    due = PressRelease.objects.published().filter(publish_at__gte=now - LOOKBACK)
    due = due.exclude(Exists(Publication.objects.filter(release=OuterRef("pk"))))
    if release_ids is not None:
        due = due.filter(pk__in=list(release_ids))
    created = []
    for release_id in due.values_list("pk", flat=True):
        publication, new = Publication.objects.get_or_create(release_id=release_id)
        if new:
            created.append(publication.pk)
    return created


def match_publication(publication_id):
    """Create the deliveries of a publication: every confirmed immediate subscription
    (of the release's language) whose filter lists the release. Each distinct filter is
    evaluated once. Returns the number of deliveries created; idempotent."""
    publication = Publication.objects.select_related("release").get(pk=publication_id)
    release = publication.release
    if not release.is_published():
        return 0  # unpublished since: matched if it comes back (the sweep records it)
    subscribers = Subscription.objects.filter(
        language=release.language,
        frequency=Subscription.Frequency.IMMEDIATE,
        confirmed_at__isnull=False,
    )
    queries = subscribers.order_by().values_list("query", flat=True).distinct()
    queries = list(queries)
    matched = matching.matching_queries(release, queries)
    created = 0
    keys = [query_digest(release.language, query) for query in matched]
    for start in range(0, len(keys), 500):
        created += insert_deliveries(subscribers, keys[start : start + 500], release.pk)
    Publication.objects.filter(pk=publication.pk).update(
        matched_at=timezone.now(), matched_filters=len(queries)
    )
    return created


def insert_deliveries(subscribers, filter_keys, release_id):
    """One INSERT … SELECT of a delivery for each of `subscribers` with one of these
    filters; a pair that exists already is left alone (the unique constraint)."""
    rows = subscribers.filter(filter_key__in=filter_keys).values_list(
        "pk",
        Value(release_id, output_field=BigIntegerField()),
        Value(Delivery.Kind.IMMEDIATE, output_field=CharField()),
        Value(timezone.now(), output_field=DateTimeField()),
    )
    select, params = rows.query.sql_with_params()
    table = connection_ops().quote_name(Delivery._meta.db_table)
    columns = ", ".join(
        connection_ops().quote_name(Delivery._meta.get_field(name).column)
        for name in ("subscription", "release", "kind", "created_at")
    )
    with db_connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({columns}) {select} ON CONFLICT DO NOTHING",  # noqa: S608 (names from the model, values as parameters)
            params,
        )
        return cursor.rowcount


def connection_ops():
    return db_connection.ops


# ---- sending -----------------------------------------------------------------------


def pending(release_id):
    return Delivery.objects.filter(
        release_id=release_id, sent_at__isnull=True, kind=Delivery.Kind.IMMEDIATE
    )


def send_pending(release_id, *, limit=None, connection=None):
    """Send the release's pending deliveries, one row claimed at a time, until none is
    left (or `limit` were sent). Safe beside any number of other senders."""
    release = PressRelease.objects.filter(pk=release_id).first()
    if release is None or not release.is_published():
        return 0  # unpublished before its alert went out: nothing is sent
    connection = connection or mail.get_connection()
    words = {}  # the filter in words, per (language, query): computed once per batch
    sent = 0
    with connection, relaxed_commits():
        while limit is None or sent < limit:
            with transaction.atomic():
                delivery = (
                    pending(release_id)
                    .select_for_update(skip_locked=True, of=("self",))
                    .select_related("subscription")
                    .order_by("pk")
                    .first()
                )
                if delivery is None:
                    break
                subscription = delivery.subscription
                key = subscription.filter_key
                if key not in words:
                    with translation.override(subscription.language):
                        words[key] = matching.describe(subscription.query)
                message = emails.alert(subscription, release, words=words[key])
                # The SMTP server has it before the row is marked; an error rolls back
                # and leaves the row pending for the retry.
                connection.send_messages([message])
                Delivery.objects.filter(pk=delivery.pk).update(sent_at=timezone.now())
            sent += 1
    return sent


@contextlib.contextmanager
def relaxed_commits():
    """PostgreSQL: commits of this session (the marks of deliveries) do not wait for
    their WAL flush. A worker killed at any point loses nothing; only a crash of the
    database server itself could forget the marks of its last moment and send those
    few again. Otherwise each email costs a disk flush (several ms on small disks)."""
    postgres = connection_vendor() == "postgresql"
    if postgres:
        with db_connection.cursor() as cursor:
            cursor.execute("SET synchronous_commit TO OFF")
    try:
        yield
    finally:
        if postgres:
            with db_connection.cursor() as cursor:
                cursor.execute("RESET synchronous_commit")


def connection_vendor():
    return db_connection.vendor


def releases_with_pending(now=None):
    """Ids of public releases that still have pending deliveries (the sweep)."""
    waiting = Delivery.objects.filter(
        release=OuterRef("pk"), sent_at__isnull=True, kind=Delivery.Kind.IMMEDIATE
    )
    return list(
        PressRelease.objects.published().filter(Exists(waiting)).values_list("pk", flat=True)
    )


def unmatched_publications():
    public = PressRelease.objects.published()
    waiting = Publication.objects.filter(matched_at__isnull=True, release__in=public)
    return list(waiting.values_list("pk", flat=True))


# ---- digests -----------------------------------------------------------------------


def send_due_digests(now=None, *, connection=None):
    """Send every digest that is due: one email per subscription with each release its
    filter listed since the last one, nothing when there is none. Each subscription is
    claimed (row lock, skip locked), sent and moved on in one transaction."""
    now = now or timezone.now()
    connection = connection or mail.get_connection()
    memo = {}
    sent = 0
    with connection:
        while True:
            with transaction.atomic():
                subscription = (
                    Subscription.objects.select_for_update(skip_locked=True)
                    .filter(
                        confirmed_at__isnull=False,
                        next_digest_at__lte=now,
                        frequency__in=[Subscription.Frequency.DAILY, Subscription.Frequency.WEEKLY],
                    )
                    .order_by("next_digest_at", "pk")
                    .first()
                )
                if subscription is None:
                    break
                releases = digest_releases(subscription, now, memo)
                if releases:
                    connection.send_messages([emails.digest(subscription, releases)])
                    Delivery.objects.bulk_create(
                        [
                            Delivery(
                                subscription=subscription,
                                release=release,
                                kind=Delivery.Kind.DIGEST,
                                sent_at=now,
                            )
                            for release in releases
                        ],
                        ignore_conflicts=True,
                    )
                    sent += 1
                subscription.last_digest_at = now
                subscription.next_digest_at = next_digest_time(subscription.frequency, now)
                subscription.save(update_fields=["last_digest_at", "next_digest_at", "filter_key"])
    return sent


def digest_releases(subscription, now, memo):
    """The releases a digest lists: public, made public since the last digest, listed by
    the filter, not already sent to this subscription. The filter is evaluated once per
    distinct filter and run (memo), over the longest window a digest covers."""
    key = subscription.filter_key
    if key not in memo:
        # Public (published(), in releases_matching) and made public in the last 8 days.
        window = PressRelease.objects.filter(publish_at__gt=now - datetime.timedelta(days=8))
        found = matching.releases_matching(subscription.query, subscription.language, window)
        memo[key] = list(found.order_by("-publish_at", "-id")[:200])
    since = subscription.last_digest_at or subscription.confirmed_at
    already = set(
        subscription.deliveries.filter(release__in=[r.pk for r in memo[key]]).values_list(
            "release_id", flat=True
        )
    )
    return [r for r in memo[key] if r.publish_at > since and r.pk not in already][:50]


# ---- staff -------------------------------------------------------------------------


def counts_per_filter():
    """Rows of (language, query, confirmed, unconfirmed), most subscribed first."""
    return (
        Subscription.objects.values("language", "query")
        .annotate(
            confirmed=Count("pk", filter=Q(confirmed_at__isnull=False)),
            unconfirmed=Count("pk", filter=Q(confirmed_at__isnull=True)),
        )
        .order_by("-confirmed", "language", "query")
    )


def delivery_summary(release_id):
    """(number sent, time of the last) of a release's alert emails."""
    found = Delivery.objects.filter(release_id=release_id, sent_at__isnull=False).aggregate(
        count=Count("pk"), last=Max("sent_at")
    )
    return found["count"], found["last"]


def send_test_alert(email, language, release):
    """An alert for `release` to `email` (staff, trying the email out); records nothing."""
    probe = Subscription(email=email, language=language, query="", pk=0)
    return emails.alert(probe, release).send()
