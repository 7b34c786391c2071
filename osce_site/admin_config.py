"""The admin's app config: imported with the settings, so it names the desk's admin site
(osce_site.admin_site) by path and imports nothing that needs the app registry."""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig


class NewsroomAdminConfig(AdminConfig):
    default_site = "osce_site.admin_site.NewsroomAdminSite"

    def ready(self):
        super().ready()  # autodiscovers every app's admin module
        from osce_site.admin_site import restrict_to_superusers

        restrict_to_superusers(admin.site)
