from django.urls import path

from kausa.alerts import views

app_name = "alerts"
urlpatterns = [
    path("offers/alerts/new/", views.subscribe, name="subscribe"),
    path("offers/alerts/sent/", views.subscribed, name="subscribed"),
    path("offers/alerts/deleted/", views.deleted, name="deleted"),
    path("offers/alerts/confirm/<str:token>/", views.confirm, name="confirm"),
    path("offers/alerts/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("offers/alerts/<str:token>/", views.manage, name="manage"),
    path("offers/alerts/<str:token>/delete/", views.delete, name="delete"),
    path("offers/alerts/<str:token>/search/", views.open_search, name="open_search"),
    path("offers/alerts/<str:token>/offers/<id:offer_id>/", views.open_offer, name="open_offer"),
]
