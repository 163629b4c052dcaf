from django.urls import path

from kausa.jobwalk import views_public, views_staff

app_name = "jobwalk"
urlpatterns = [
    path("jobwalk/", views_public.public_index, name="public_index"),
    path("jobwalk/plan/", views_public.public_plan, name="public_plan"),
    path("jobwalk/plan/walk/", views_public.planned_create, name="planned_create"),
    path("jobwalk/planned/<str:token>/", views_public.planned_tour, name="planned_tour"),
    path("jobwalk/planned/<str:token>/tour.gpx", views_public.planned_gpx, name="planned_gpx"),
    path("jobwalk/planned/<str:token>/handout.pdf", views_public.planned_pdf, name="planned_pdf"),
    path("jobwalk/sw.js", views_public.service_worker, name="service_worker"),
    path("jobwalk/manifest.webmanifest", views_public.manifest, name="manifest"),
    path("jobwalk/tours/<id:pk>/", views_public.tour_detail, name="tour"),
    path("jobwalk/tours/<id:pk>/handout.pdf", views_public.tour_pdf, name="tour_pdf"),
    path("jobwalk/tours/<id:pk>/walks/", views_public.walk_start, name="walk_start"),
    path("jobwalk/walks/<str:token>/checkin/", views_public.walk_checkin, name="walk_checkin"),
    path("staff/jobwalk/", views_staff.staff_tour_list, name="staff_tour_list"),
    path("staff/jobwalk/new/", views_staff.staff_tour_create, name="staff_tour_create"),
    path("staff/jobwalk/<id:pk>/", views_staff.staff_tour_edit, name="staff_tour_edit"),
    path("staff/jobwalk/<id:pk>/handout.pdf", views_staff.staff_tour_pdf, name="staff_tour_pdf"),
    path(
        "staff/jobwalk/<id:pk>/publish/", views_staff.staff_tour_publish, name="staff_tour_publish"
    ),
    path(
        "staff/jobwalk/<id:pk>/stations/<id:station_pk>/",
        views_staff.staff_station_edit,
        name="staff_station_edit",
    ),
]
