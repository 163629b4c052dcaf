from django.urls import path

from kausa.counselling import views, views_inbox

app_name = "counselling"
urlpatterns = [
    path("staff/cases/", views.case_list, name="case_list"),
    path("staff/cases/export.<str:fmt>", views.case_export, name="case_export"),
    path("staff/cases/open/", views.case_open, name="case_open"),
    path("staff/cases/<id:pk>/", views.case_detail, name="case_detail"),
    path("staff/cases/<id:pk>/consultations/", views.consultation_add, name="consultation_add"),
    path("staff/cases/<id:pk>/referrals/", views.referral_add, name="referral_add"),
    path("staff/cases/<id:pk>/outcomes/", views.outcome_add, name="outcome_add"),
    path("staff/cases/<id:pk>/follow-ups/", views.follow_up_add, name="follow_up_add"),
    path("staff/cases/<id:pk>/status/", views.case_status, name="case_status"),
    path("staff/cases/<id:pk>/esf/", views.case_esf, name="case_esf"),
    path("staff/cases/<id:pk>/handover/", views.handover_add, name="handover_add"),
    path("staff/cases/<id:pk>/events/", views.event_register, name="event_register"),
    path("staff/referrals/<id:pk>/advance/", views.referral_advance, name="referral_advance"),
    path("staff/referrals/<id:pk>/exam/", views.referral_exam, name="referral_exam"),
    path("staff/follow-ups/<id:pk>/done/", views.follow_up_done, name="follow_up_done"),
    path("staff/inbox/", views_inbox.inbox, name="inbox"),
    path("staff/follow-ups/<id:pk>/start/", views_inbox.follow_up_start, name="follow_up_start"),
    path("staff/follow-ups/<id:pk>/spam/", views_inbox.follow_up_spam, name="follow_up_spam"),
    path("staff/follow-ups/<id:pk>/person/", views_inbox.request_person, name="request_person"),
    path("staff/follow-ups/<id:pk>/case/", views_inbox.request_case, name="request_case"),
    path("staff/consents/<id:pk>/withdraw/", views.consent_withdraw, name="consent_withdraw"),
    path("staff/search/", views.search, name="search"),
    path("staff/proposals/", views.offer_propose, name="offer_propose"),
]
