from django.apps import AppConfig

from kausa.core import converters


class CoreConfig(AppConfig):
    name = "kausa.core"
    label = "core"

    def ready(self) -> None:
        converters.register()  # before any urls.py is imported: they all use <id:...>
