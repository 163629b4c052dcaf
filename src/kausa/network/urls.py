from django.urls import path

from kausa.network import feeds, views_files, views_public, views_staff, views_staff_people
from kausa.network.awards.views import jury as views_jury
from kausa.network.awards.views import public as views_awards
from kausa.network.awards.views import setup as views_award_setup
from kausa.network.awards.views import staff as views_award_staff

app_name = "network"
urlpatterns = [
    # company network
    path("network/", views_public.directory, name="directory"),
    path("network/companies/<id:pk>/", views_public.profile_detail, name="profile"),
    path("network/companies/<id:pk>/logo", views_files.profile_logo, name="profile_logo"),
    path(
        "network/become-a-training-company/",
        views_public.training_interest,
        name="training_interest",
    ),
    # awards and jury
    path("awards/", views_awards.award_list, name="award_list"),
    path("awards/<id:pk>/nominate/", views_awards.nominate, name="nominate"),
    path("jury/", views_jury.jury_home, name="jury_home"),
    path("jury/<id:edition_pk>/", views_jury.jury_edition, name="jury_edition"),
    path("jury/<id:edition_pk>/<id:pk>/", views_jury.jury_score, name="jury_score"),
    path("jury/<id:edition_pk>/<id:pk>/conflict/", views_jury.jury_conflict, name="jury_conflict"),
    # ambassadors
    path("ambassadors/", views_public.ambassador_list, name="ambassador_list"),
    path("ambassadors/<id:pk>/", views_public.ambassador_detail, name="ambassador_detail"),
    path("ambassadors/<id:pk>/photo", views_files.ambassador_photo, name="ambassador_photo"),
    path("ambassadors/visit/", views_public.visit_request, name="visit_request"),
    # parent-work toolkit
    path("toolkit/", views_public.toolkit, name="toolkit"),
    path("toolkit/files/<id:pk>/", views_files.material_download, name="material_download"),
    # success stories
    path("stories/", views_public.story_list, name="story_list"),
    path("stories/feed.atom", feeds.StoryFeed(), name="story_feed"),
    path("stories/<id:pk>/", views_public.story_detail, name="story_detail"),
    path("stories/images/<id:pk>", views_files.story_image, name="story_image"),
    # staff
    path("staff/network/", views_staff.staff_profiles, name="staff_profiles"),
    path("staff/network/new/", views_staff.staff_profile_create, name="staff_profile_create"),
    path("staff/network/<id:pk>/", views_staff.staff_profile, name="staff_profile"),
    path(
        "staff/network/<id:pk>/withdraw/",
        views_staff.staff_profile_withdraw,
        name="staff_profile_withdraw",
    ),
    path(
        "staff/network/<id:pk>/showcase/",
        views_staff.staff_profile_showcase,
        name="staff_profile_showcase",
    ),
    path("staff/awards/", views_award_staff.staff_editions, name="staff_editions"),
    path("staff/awards/<id:pk>/", views_award_staff.staff_edition, name="staff_edition"),
    path(
        "staff/awards/<id:pk>/close/",
        views_award_staff.staff_edition_close,
        name="staff_edition_close",
    ),
    path(
        "staff/awards/<id:pk>/publish/",
        views_award_staff.staff_edition_publish,
        name="staff_edition_publish",
    ),
    path(
        "staff/awards/nominations/<id:pk>/screen/",
        views_award_staff.staff_nomination_screen,
        name="staff_nomination_screen",
    ),
    # award set-up: awards, editions, categories, criteria, jurors
    path("staff/awards/new/", views_award_setup.staff_award_create, name="staff_award_create"),
    path(
        "staff/awards/award/<id:award_pk>/",
        views_award_setup.staff_award_edit,
        name="staff_award_edit",
    ),
    path(
        "staff/awards/award/<id:award_pk>/new-edition/",
        views_award_setup.staff_edition_create,
        name="staff_edition_create",
    ),
    path(
        "staff/awards/<id:pk>/edit/",
        views_award_setup.staff_edition_edit,
        name="staff_edition_edit",
    ),
    path(
        "staff/awards/<id:pk>/categories/new/",
        views_award_setup.staff_category_create,
        name="staff_category_create",
    ),
    path(
        "staff/awards/<id:pk>/categories/<id:category_pk>/",
        views_award_setup.staff_category_edit,
        name="staff_category_edit",
    ),
    path(
        "staff/awards/<id:pk>/categories/<id:category_pk>/delete/",
        views_award_setup.staff_category_delete,
        name="staff_category_delete",
    ),
    path(
        "staff/awards/<id:pk>/criteria/new/",
        views_award_setup.staff_criterion_create,
        name="staff_criterion_create",
    ),
    path(
        "staff/awards/<id:pk>/criteria/<id:criterion_pk>/",
        views_award_setup.staff_criterion_edit,
        name="staff_criterion_edit",
    ),
    path(
        "staff/awards/<id:pk>/criteria/<id:criterion_pk>/delete/",
        views_award_setup.staff_criterion_delete,
        name="staff_criterion_delete",
    ),
    path(
        "staff/awards/<id:pk>/jurors/new/",
        views_award_setup.staff_juror_create,
        name="staff_juror_create",
    ),
    path(
        "staff/awards/<id:pk>/jurors/<id:juror_pk>/delete/",
        views_award_setup.staff_juror_delete,
        name="staff_juror_delete",
    ),
    path("staff/ambassadors/", views_staff_people.staff_ambassadors, name="staff_ambassadors"),
    path(
        "staff/ambassadors/new/",
        views_staff_people.staff_ambassador_create,
        name="staff_ambassador_create",
    ),
    path(
        "staff/ambassadors/<id:pk>/withdraw/",
        views_staff_people.staff_ambassador_withdraw,
        name="staff_ambassador_withdraw",
    ),
    path(
        "staff/ambassadors/visits/<id:pk>/held/",
        views_staff_people.staff_visit_held,
        name="staff_visit_held",
    ),
    path("staff/toolkit/", views_staff_people.staff_materials, name="staff_materials"),
    path(
        "staff/toolkit/new/", views_staff_people.staff_material_create, name="staff_material_create"
    ),
    path("staff/toolkit/<id:pk>/", views_staff_people.staff_material, name="staff_material"),
    path("staff/stories/", views_staff.staff_stories, name="staff_stories"),
    path("staff/stories/new/", views_staff.staff_story_create, name="staff_story_create"),
    path("staff/stories/<id:pk>/", views_staff.staff_story, name="staff_story"),
    path(
        "staff/stories/<id:pk>/publish/",
        views_staff.staff_story_publish,
        name="staff_story_publish",
    ),
]
