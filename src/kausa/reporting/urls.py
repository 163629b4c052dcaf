from django.urls import path

from kausa.reporting import views

app_name = "reporting"
urlpatterns = [
    path("staff/figures/", views.figures, name="figures"),
    path("staff/figures/targets/", views.targets, name="targets"),
    path("staff/figures/export.<str:fmt>", views.figures_export, name="figures_export"),
]
