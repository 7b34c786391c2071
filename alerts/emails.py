"""The emails: each in the subscription's language, with a plain-text and a simple HTML
part, and for alerts RFC 8058 one-click unsubscription headers."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from osce_site.context_processors import site_name

from . import matching, tokens


def absolute(path):
    return f"{settings.SITE_URL}{path}"


def links(subscription):
    """The signed links every email to `subscription` carries, in its language."""
    with translation.override(subscription.language):
        return {
            "manage_url": absolute(
                reverse("alerts:manage", args=[tokens.manage_token(subscription.email)])
            ),
            "unsubscribe_url": absolute(
                reverse("alerts:unsubscribe", args=[tokens.unsubscribe_token(subscription)])
            ),
        }


def filter_words(subscription):
    return matching.describe(subscription.query)


def _message(subscription, subject, template, context, *, list_headers=True, words=None):
    context = {
        "site_name": site_name(),
        "site_url": settings.SITE_URL,
        "subscription": subscription,
        "words": filter_words(subscription) if words is None else words,
        **context,
    }
    text = render_to_string(f"alerts/email/{template}.txt", context)
    html = render_to_string(f"alerts/email/{template}.html", context)
    headers = {"Auto-Submitted": "auto-generated"}
    if list_headers:
        headers["List-Unsubscribe"] = f"<{context['unsubscribe_url']}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()),
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[subscription.email],
        reply_to=settings.EMAIL_REPLY_TO or None,
        headers=headers,
    )
    message.attach_alternative(html, "text/html")
    return message


def release_context(release):
    return {"release": release, "release_url": absolute(release.get_absolute_url())}


def alert(subscription, release, *, words=None):
    """`words`: the filter in words, when the caller already has them (a batch)."""
    with translation.override(subscription.language):
        return _message(
            subscription,
            release.title,
            "alert",
            {**links(subscription), **release_context(release)},
            words=words,
        )


def digest(subscription, releases):
    with translation.override(subscription.language):
        count = len(releases)
        subject = (
            gettext("Weekly digest")
            if subscription.frequency == subscription.Frequency.WEEKLY
            else gettext("Daily digest")
        )
        items = [release_context(release) for release in releases]
        return _message(
            subscription,
            f"{site_name()}: {subject}",
            "digest",
            {**links(subscription), "items": items, "count": count, "heading": subject},
        )


def confirmation(subscription):
    with translation.override(subscription.language):
        confirm_url = absolute(reverse("alerts:confirm", args=[tokens.confirm_token(subscription)]))
        return _message(
            subscription,
            gettext("Confirm your email alert"),
            "confirm",
            {"confirm_url": confirm_url, **links(subscription)},
            list_headers=False,
        )


def already_subscribed(subscription):
    with translation.override(subscription.language):
        return _message(
            subscription,
            gettext("You already receive this email alert"),
            "already",
            links(subscription),
            list_headers=False,
        )
