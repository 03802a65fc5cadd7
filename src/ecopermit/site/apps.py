from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SiteConfig(AppConfig):
    """The signed-in site's shell: the landing page, the navigation, notifications, the audit log's screens, the
    error pages and the basemap. It sits above accounts (every view declares its roles) and above core, which
    therefore never imports accounts (issue 12: one-way layers)."""

    name = "ecopermit.site"
    label = "site"
    verbose_name = _("Site")
