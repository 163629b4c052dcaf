from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "kausa.core"
    label = "core"
