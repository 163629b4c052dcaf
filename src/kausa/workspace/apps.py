from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkspaceConfig(AppConfig):
    """The top floor: pages that combine several domains (landing page, staff home). It
    reads the domain apps only through their selectors; no domain app imports it."""

    name = "kausa.workspace"
    label = "workspace"
    verbose_name = _("Workspace")
