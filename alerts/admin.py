"""Staff screens for email alerts. Addresses are personal data: every screen here needs
the dedicated permission alerts.view_subscribers (superusers have it)."""

from django.contrib import admin, messages
from django.contrib.humanize.templatetags.humanize import intcomma
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Max, Q
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from releases.models import PressRelease
from releases.translations import current_language

from . import matching, services
from .models import Publication, Subscription

PERMISSION = "alerts.view_subscribers"


class SubscribersOnly:
    def has_module_permission(self, request):
        return request.user.has_perm(PERMISSION)

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm(PERMISSION)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return request.user.has_perm(PERMISSION) and request.user.has_perm(
            "alerts.delete_subscription"
        )


@admin.register(Subscription)
class SubscriptionAdmin(SubscribersOnly, admin.ModelAdmin):
    list_display = ["email", "filter_words", "language", "frequency", "confirmed_at", "created_at"]
    list_filter = ["frequency", "language", ("confirmed_at", admin.EmptyFieldListFilter)]
    search_fields = ["email"]
    readonly_fields = ["email", "language", "query", "frequency", "created_at", "confirmed_at"]
    fields = readonly_fields
    date_hierarchy = "created_at"

    @admin.display(description=_("filter"))
    def filter_words(self, obj):
        return " · ".join(matching.describe(obj.query)) or gettext("All press releases")

    def get_urls(self):
        extra = [
            path(
                "by-filter/",
                self.admin_site.admin_view(self.by_filter),
                name="alerts_subscription_by_filter",
            ),
            path(
                "test-alert/",
                self.admin_site.admin_view(self.test_alert),
                name="alerts_subscription_test_alert",
            ),
        ]
        return extra + super().get_urls()

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "by_filter_url": reverse("admin:alerts_subscription_by_filter"),
            "test_alert_url": reverse("admin:alerts_subscription_test_alert"),
        }
        return super().changelist_view(request, extra_context)

    def by_filter(self, request):
        if not request.user.has_perm(PERMISSION):
            raise PermissionDenied
        rows = []
        for row in services.counts_per_filter()[:500]:
            words = matching.describe(row["query"])
            rows.append({**row, "words": " · ".join(words) or gettext("All press releases")})
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": gettext("Subscriptions per filter"),
            "rows": rows,
        }
        return TemplateResponse(request, "admin/alerts/by_filter.html", context)

    def test_alert(self, request):
        if not request.user.has_perm(PERMISSION):
            raise PermissionDenied
        if request.method != "POST":
            return redirect("admin:alerts_subscription_changelist")
        release = PressRelease.objects.published().order_by("-publish_at").first()
        if not request.user.email:
            self.message_user(
                request, gettext("Your account has no email address."), messages.ERROR
            )
        elif release is None:
            self.message_user(request, gettext("There is no published release."), messages.ERROR)
        else:
            services.send_test_alert(request.user.email, current_language(), release)
            self.message_user(
                request,
                gettext("A test alert for “%(title)s” was sent to %(email)s.")
                % {"title": release.title, "email": request.user.email},
            )
        return redirect("admin:alerts_subscription_changelist")


@admin.register(Publication)
class PublicationAdmin(SubscribersOnly, admin.ModelAdmin):
    list_display = ["release", "recorded_at", "matched_filters", "sent_summary"]
    list_select_related = ["release"]
    search_fields = ["release__title"]
    fields = ["release", "recorded_at", "matched_at", "matched_filters"]
    readonly_fields = fields

    def has_delete_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        sent = Q(release__alert_deliveries__sent_at__isnull=False)
        return (
            super()
            .get_queryset(request)
            .annotate(
                sent_count=Count("release__alert_deliveries", filter=sent),
                last_sent=Max("release__alert_deliveries__sent_at"),
            )
        )

    @admin.display(description=_("deliveries"))
    def sent_summary(self, obj):
        if not obj.sent_count:
            return gettext("none sent")
        return ngettext(
            "sent to %(count)s subscriber at %(time)s",
            "sent to %(count)s subscribers at %(time)s",
            obj.sent_count,
        ) % {
            "count": intcomma(obj.sent_count),
            "time": timezone.localtime(obj.last_sent).strftime("%H:%M:%S"),
        }
