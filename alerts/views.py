"""Public pages of email alerts: subscribe from any listing, confirm, manage, unsubscribe.
No accounts: every link is signed (alerts.tokens). None of these pages is cached."""

from django.db import transaction
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from osce_site.http import accepts_query
from osce_site.security import client_ip
from releases.filters import PressReleaseFilter
from releases.translations import current_language

from . import matching, services, tokens
from .forms import FrequencyForm, SubscribeForm
from .models import Subscription

FILTER_PARAMS = [name for name in PressReleaseFilter.base_filters if name != "sort"]


def bad_link(request):
    return render(
        request,
        "alerts/bad_link.html",
        {"meta_title": _("This link is not valid"), "noindex": True},
        status=400,
    )


def filter_title(words):
    if not words:
        return _("All press releases")
    # Translators: the filter of an email alert in words, e.g. "Elections · Serbia".
    return _("Press releases: %(filter)s") % {"filter": " · ".join(words)}


@never_cache
@accepts_query(*FILTER_PARAMS)
def subscribe(request):
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    query, found = matching.canonical(request.GET)
    context = {
        "meta_title": _("Email alerts"),
        "noindex": True,
        "breadcrumbs": [(_("Newsroom"), reverse("releases:list")), (_("Email alerts"), "")],
    }
    if query is None:
        form = found.form
        context["error_list"] = [
            (form.fields[name].label if name in form.fields else "", message)
            for name, messages in form.errors.items()
            for message in messages
        ]
        return render(request, "alerts/invalid_filter.html", context, status=400)
    words = matching.describe(query)
    listing = reverse("releases:list") + (f"?{query}" if query else "")
    context.update(title=filter_title(words), words=words, listing_url=listing, query=query)
    form = SubscribeForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.request_subscription(
                    email=form.cleaned_data["email"],
                    language=current_language(),
                    query=query,
                    frequency=form.cleaned_data["frequency"],
                    client=client_ip(request),
                )
            except services.RateLimited:
                form.add_error(
                    None,
                    _(
                        "Too many confirmation emails were asked for this address or from "
                        "your connection in the last hour. Please try again later."
                    ),
                )
                status = 429
            else:
                return redirect("alerts:sent")
        else:
            status = 400
    context["form"] = form
    return render(request, "alerts/subscribe.html", context, status=status)


@never_cache
def sent(request):
    return render(
        request,
        "alerts/sent.html",
        {"meta_title": _("Check your inbox"), "noindex": True},
    )


@never_cache
def confirm(request, token):
    try:
        subscription = tokens.subscription_for(token, "confirm")
    except tokens.BadToken:
        return bad_link(request)
    services.confirm(subscription)
    return manage_page(request, subscription.email, notice=_("Your email alert is confirmed."))


@never_cache
def manage(request, token):
    try:
        email = tokens.email_for(token)
    except tokens.BadToken:
        return bad_link(request)
    notice = ""
    status = 200
    if request.method == "POST":
        mine = Subscription.objects.filter(email=email)
        action = request.POST.get("action", "")
        if action == "delete-all":
            mine.delete()
            notice = _("All your email alerts are deleted.")
        elif action in ("delete", "frequency"):
            form = FrequencyForm(request.POST)
            if action == "delete":
                form.fields["frequency"].required = False
            subscription = (
                mine.filter(pk=form.cleaned_data["subscription"]).first()
                if form.is_valid()
                else None
            )
            if subscription is None:
                notice, status = _("That email alert does not exist any more."), 400
            elif action == "delete":
                subscription.delete()
                notice = _("The email alert is deleted.")
            else:
                with transaction.atomic():
                    services.set_frequency(subscription, form.cleaned_data["frequency"])
                notice = _("Saved.")
        else:
            notice, status = _("Choose what to change."), 400
    return manage_page(request, email, notice=notice, status=status)


def manage_page(request, email, *, notice="", status=200):
    rows = []
    for subscription in Subscription.objects.filter(email=email).order_by("created_at", "pk"):
        rows.append(
            {
                "subscription": subscription,
                "title": filter_title(matching.describe(subscription.query)),
                "form": FrequencyForm(
                    initial={"subscription": subscription.pk, "frequency": subscription.frequency},
                    auto_id=f"id_%s_{subscription.pk}",
                ),
            }
        )
    context = {
        "meta_title": _("Your email alerts"),
        "noindex": True,
        "email": email,
        "rows": rows,
        "notice": notice,
        "manage_url": reverse("alerts:manage", args=[tokens.manage_token(email)]),
    }
    return render(request, "alerts/manage.html", context, status=status)


@never_cache
@csrf_exempt  # RFC 8058: mail clients POST "List-Unsubscribe=One-Click" with no token
def unsubscribe(request, token):
    try:
        subscription = tokens.subscription_for(token, "unsubscribe")
    except tokens.BadToken:
        if request.method == "POST" and _signed(token):
            # Signed by us, the subscription already gone: the wanted outcome.
            return render(request, "alerts/unsubscribed.html", {"noindex": True})
        return bad_link(request)
    context = {
        "meta_title": _("Unsubscribe"),
        "noindex": True,
        "title": filter_title(matching.describe(subscription.query)),
        "manage_url": reverse("alerts:manage", args=[tokens.manage_token(subscription.email)]),
    }
    if request.method == "POST":
        subscription.delete()
        return render(request, "alerts/unsubscribed.html", context)
    return render(request, "alerts/unsubscribe.html", context)


def _signed(token):
    from django.core import signing

    try:
        signing.loads(token, salt="alerts.unsubscribe")
    except (signing.BadSignature, ValueError):
        return False
    return True
