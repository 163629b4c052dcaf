from django.urls import path

from kausa.matching import views, views_new_matches

app_name = "matching"
urlpatterns = [
    path("offers/", views.offer_search, name="offer_search"),
    path("offers/<id:pk>/", views.offer_detail, name="offer_detail"),
    path("offers/<id:pk>/qr.png", views.offer_qr_png, name="offer_qr_png"),
    path("offers/saved/", views.offers_saved, name="offers_saved"),
    path("offers/sw.js", views.offers_service_worker, name="offers_service_worker"),
    path("staff/matching/people/<id:pk>/", views.person_offers, name="staff_person_offers"),
    path("staff/matching/offers/<id:pk>/", views.offer_candidates, name="staff_offer_candidates"),
    path("staff/matching/requests/", views.request_list, name="staff_request_list"),
]
urlpatterns += [
    path("staff/matching/mismatch/", views.mismatch, name="staff_mismatch"),
    path("staff/matching/mismatch.csv", views.mismatch_csv, name="staff_mismatch_csv"),
]
# new offers for your people (kausa match-new-offers)
urlpatterns += [
    path("staff/matching/new-offers/", views_new_matches.new_offers, name="staff_new_offers"),
    path(
        "staff/matching/new-offers/<id:pk>/dismiss/",
        views_new_matches.new_offer_dismiss,
        name="staff_new_offer_dismiss",
    ),
]
