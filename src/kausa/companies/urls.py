from django.urls import path

from kausa.companies import views

app_name = "companies"
urlpatterns = [
    path("", views.company_list, name="list"),
    path("new/", views.company_create, name="create"),
    path("<id:pk>/offers/new/", views.offer_create, name="offer_create"),
    path("offers/<id:pk>/edit/", views.offer_edit, name="offer_edit"),
    path("offers/<id:pk>/withdraw/", views.offer_withdraw, name="offer_withdraw"),
    path("offers/<id:pk>/filled/", views.offer_fill, name="offer_fill"),
    path("<id:pk>/pipeline/start/", views.pipeline_start, name="pipeline_start"),
    path("pipeline/", views.pipeline, name="pipeline"),
    path("pipeline/<id:pk>/move/", views.pipeline_move, name="pipeline_move"),
    path("pipeline/<id:pk>/checklist/", views.pipeline_checklist, name="pipeline_checklist"),
]
