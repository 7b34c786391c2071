"""Signed links: no accounts. A confirmation link expires after 7 days; manage and
unsubscribe links do not (they come in every alert), and all of a subscription's links
die with it (its secret is part of what is signed)."""

from django.core import signing

CONFIRM_MAX_AGE = 7 * 24 * 3600


class BadToken(Exception):
    """Tampered, expired or of a deleted subscription."""


def _dumps(value, salt):
    return signing.dumps(value, salt=salt, compress=False)


def confirm_token(subscription):
    return _dumps([subscription.pk, subscription.secret], "alerts.confirm")


def unsubscribe_token(subscription):
    return _dumps([subscription.pk, subscription.secret], "alerts.unsubscribe")


def manage_token(email):
    return _dumps(email, "alerts.manage")


def _loads(token, salt, max_age=None):
    try:
        return signing.loads(token, salt=salt, max_age=max_age)
    except (signing.BadSignature, ValueError, TypeError) as error:
        raise BadToken(str(error)) from error


def subscription_for(token, kind):
    """The subscription a confirm or unsubscribe token names, or BadToken."""
    from .models import Subscription

    salt = f"alerts.{kind}"
    value = _loads(token, salt, CONFIRM_MAX_AGE if kind == "confirm" else None)
    try:
        pk, secret = value
        return Subscription.objects.get(pk=int(pk), secret=str(secret))
    except (ValueError, TypeError, Subscription.DoesNotExist) as error:
        raise BadToken("no such subscription") from error


def email_for(token):
    value = _loads(token, "alerts.manage")
    if not isinstance(value, str) or "@" not in value:
        raise BadToken("not an address")
    return value
