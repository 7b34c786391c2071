"""The admin as the newsroom's desk: branded with the site's name, opening on the
newsroom dashboard, tags listed under Press releases, the login lockout tables for
superusers only, and each person's profile page with their notification preferences."""

from django.contrib import admin, messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

# Third-party models shown with the app staff look for them in.
MOVED_MODELS = {("taggit", "Tag"): "releases"}
SUPERUSER_APPS = {"axes"}


class NewsroomAdminSite(admin.AdminSite):
    index_title = _("Newsroom desk")
    index_template = "admin/newsroom_index.html"
    # The dashboard lists the sections; the side menu would take a quarter of a 1280 px
    # screen from the release list.
    enable_nav_sidebar = False

    def each_context(self, request):
        from osce_site.context_processors import site_name

        name = site_name()
        self.site_header = format_lazy(_("{site} newsroom"), site=name)
        self.site_title = self.site_header
        context = super().each_context(request)
        return context

    def get_app_list(self, request, app_label=None):
        if app_label is not None:
            return super().get_app_list(request, app_label)
        apps = {app["app_label"]: app for app in super().get_app_list(request)}
        for (label, object_name), target in MOVED_MODELS.items():
            source = apps.get(label)
            if source is None or target not in apps:
                continue
            moved = [m for m in source["models"] if m["object_name"] == object_name]
            source["models"] = [m for m in source["models"] if m not in moved]
            apps[target]["models"] = sorted(apps[target]["models"] + moved, key=lambda m: m["name"])
            if not source["models"]:
                del apps[label]
        return list(apps.values())

    def index(self, request, extra_context=None):
        from releases import dashboard

        # Release titles only for those who may see releases.
        board = None
        if request.user.has_perm("releases.view_pressrelease"):
            board = dashboard.build(request.user)
        extra_context = {**(extra_context or {}), "dashboard": board}
        return super().index(request, extra_context)

    def get_urls(self):
        profile = path("profile/", self.admin_view(self.profile_view), name="profile")
        return [profile, *super().get_urls()]

    def profile_view(self, request):
        from releases.desk_admin import NotificationPreferenceForm
        from releases.forms import can_publish
        from releases.notifications import preferences_for

        preferences = preferences_for(request.user)
        form = NotificationPreferenceForm(
            request.POST or None, instance=preferences, publisher=can_publish(request.user)
        )
        if request.method == "POST" and form.is_valid():
            form.save()
            messages.success(request, _("Your notification preferences were saved."))
            return redirect("admin:profile")
        context = {
            **self.each_context(request),
            "title": _("My profile"),
            "form": form,
            "profile_user": request.user,
        }
        return TemplateResponse(request, "admin/profile.html", context)


class SuperuserOnly:
    """Login lockouts and attempts are security records: superusers only."""

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return self.has_module_permission(request)


def restrict_to_superusers(site):
    from django.apps import apps

    for label in SUPERUSER_APPS:
        if not apps.is_installed(label):
            continue
        for model in apps.get_app_config(label).get_models():
            if site.is_registered(model):
                restrict(site, model)


def restrict(site, model):
    model_admin = site.get_model_admin(model)
    restricted = type(
        f"SuperuserOnly{type(model_admin).__name__}", (SuperuserOnly, type(model_admin)), {}
    )
    site.unregister(model)
    site.register(model, restricted)
