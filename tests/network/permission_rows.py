"""Permission rows of the network app (see tests/test_permissions.py)."""

from __future__ import annotations

from kausa.network.models import JurorAssignment
from tests.factories import UserFactory
from tests.network.factories import (
    AmbassadorFactory,
    ProfileFactory,
    edition_with_criteria,
    material,
    nomination,
    story,
)

PERSONAS = ["anonymous", "advisor", "other_office_advisor", "coordinator", "partner", "org_admin"]
PUBLIC = dict.fromkeys(PERSONAS, 200)
LOGGED_IN = dict.fromkeys(PERSONAS, 200) | {"anonymous": 302}
NOT_A_JUROR = dict.fromkeys(PERSONAS, 404) | {"anonymous": 302}
ADVISOR_ANY = PUBLIC | {"anonymous": 302, "coordinator": 403, "partner": 403}
ADVISOR_OWN = ADVISOR_ANY | {"other_office_advisor": 404}
ADVISOR_OWN_POST = ADVISOR_OWN | {"advisor": 302, "org_admin": 302}
STAFF_ANY = PUBLIC | {"anonymous": 302}
RESTRICTED_FILE = PUBLIC | {"anonymous": 404}

ROWS: dict[str, dict[str, int]] = {
    "network:directory": PUBLIC,
    "network:profile": PUBLIC,
    "network:profile_logo": PUBLIC,
    "network:training_interest": PUBLIC,
    "network:award_list": PUBLIC,
    "network:nominate": PUBLIC,
    "network:jury_home": LOGGED_IN,
    "network:jury_edition": NOT_A_JUROR,
    "network:jury_score": NOT_A_JUROR,
    "network:jury_conflict": NOT_A_JUROR,
    "network:ambassador_list": PUBLIC,
    "network:ambassador_detail": PUBLIC,
    "network:ambassador_photo": PUBLIC,
    "network:visit_request": PUBLIC,
    "network:toolkit": PUBLIC,
    "network:material_download": RESTRICTED_FILE,
    "network:story_list": PUBLIC,
    "network:story_feed": PUBLIC,
    "network:story_detail": PUBLIC,
    "network:story_image": PUBLIC,
    "network:staff_profiles": ADVISOR_ANY,
    "network:staff_profile_create": ADVISOR_ANY,
    "network:staff_profile": ADVISOR_OWN,
    "network:staff_profile_withdraw": ADVISOR_OWN_POST,
    "network:staff_profile_showcase": ADVISOR_OWN_POST | {"advisor": 404, "org_admin": 404},
    "network:staff_editions": ADVISOR_ANY,
    "network:staff_edition": ADVISOR_OWN,
    "network:staff_edition_close": ADVISOR_OWN_POST,
    "network:staff_edition_publish": ADVISOR_OWN_POST,
    "network:staff_nomination_screen": ADVISOR_OWN_POST,
    "network:staff_award_create": ADVISOR_ANY,
    "network:staff_award_edit": ADVISOR_OWN,
    "network:staff_edition_create": ADVISOR_OWN,
    "network:staff_edition_edit": ADVISOR_OWN,
    "network:staff_category_create": ADVISOR_OWN,
    "network:staff_category_edit": ADVISOR_OWN,
    "network:staff_category_delete": ADVISOR_OWN_POST,
    "network:staff_criterion_create": ADVISOR_OWN,
    "network:staff_criterion_edit": ADVISOR_OWN,
    "network:staff_criterion_delete": ADVISOR_OWN_POST,
    "network:staff_juror_create": ADVISOR_OWN,
    "network:staff_juror_delete": ADVISOR_OWN_POST,
    "network:staff_ambassadors": ADVISOR_ANY,
    "network:staff_ambassador_create": ADVISOR_ANY,
    "network:staff_ambassador_withdraw": ADVISOR_OWN_POST,
    "network:staff_visit_held": ADVISOR_OWN_POST,
    "network:staff_materials": ADVISOR_ANY,
    "network:staff_material_create": ADVISOR_ANY,
    "network:staff_material": ADVISOR_OWN,
    "network:staff_stories": STAFF_ANY,
    "network:staff_story_create": ADVISOR_ANY,
    "network:staff_story": ADVISOR_OWN,
    "network:staff_story_publish": ADVISOR_OWN_POST,
    "api:network_company_list": {"anonymous": 200, "advisor": 200},
    "api:network_company_detail": {"anonymous": 200, "other_office_advisor": 200},
    "api:network_story_list": {"anonymous": 200},
    "api:network_story_detail": {"anonymous": 200},
    "api:network_material_list": {"anonymous": 200, "partner": 200},
}


def build(office, other_office) -> dict[str, str]:
    from kausa.network.services.ambassadors import ambassador_photo_set
    from kausa.network.services.network import profile_logo_set
    from kausa.network.services.stories import story_image_add
    from tests.network.factories import png_upload

    profile = ProfileFactory(company__organisation=office)
    profile_logo_set(user=None, profile=profile, upload=png_upload(), alt_text="Logo")
    edition = edition_with_criteria(office)
    nominee = nomination(edition)
    juror = JurorAssignment.objects.create(user=UserFactory(), edition=edition)
    empty_category = edition.categories.exclude(pk=nominee.category_id).first()
    criterion = edition.criteria.first()
    ambassador = AmbassadorFactory(organisation=office, scope_photo=True)
    from kausa.network.services.ambassadors import visit_request_submit

    visit = visit_request_submit(
        office=office, school="Schule am Park", contact_name="Frau Demir",
        contact_email="demir@schule.example", contact_phone="", date_options="März",
        class_size=20, language_codes=(), message="",
    )  # fmt: skip
    ambassador_photo_set(user=None, ambassador=ambassador, upload=png_upload())
    toolkit_item, version = material(office, public=False)
    published = story(office)
    image = story_image_add(user=None, story=published, upload=png_upload(), alt_text="Gruppe")
    e, n, p, s = edition.pk, nominee.pk, profile.pk, published.pk
    return {
        "network:directory": "/en/network/",
        "network:profile": f"/en/network/companies/{p}/",
        "network:profile_logo": f"/en/network/companies/{p}/logo",
        "network:training_interest": "/en/network/become-a-training-company/",
        "network:award_list": "/en/awards/",
        "network:nominate": f"/en/awards/{e}/nominate/",
        "network:jury_home": "/en/jury/",
        "network:jury_edition": f"/en/jury/{e}/",
        "network:jury_score": f"/en/jury/{e}/{n}/",
        "network:jury_conflict": f"POST /en/jury/{e}/{n}/conflict/",
        "network:ambassador_list": "/en/ambassadors/",
        "network:ambassador_detail": f"/en/ambassadors/{ambassador.pk}/",
        "network:ambassador_photo": f"/en/ambassadors/{ambassador.pk}/photo",
        "network:visit_request": "/en/ambassadors/visit/",
        "network:toolkit": "/en/toolkit/",
        "network:material_download": f"/en/toolkit/files/{version.pk}/",
        "network:story_list": "/en/stories/",
        "network:story_feed": "/en/stories/feed.atom",
        "network:story_detail": f"/en/stories/{s}/",
        "network:story_image": f"/en/stories/images/{image.pk}",
        "network:staff_profiles": "/en/staff/network/",
        "network:staff_profile_create": "/en/staff/network/new/",
        "network:staff_profile": f"/en/staff/network/{p}/",
        "network:staff_profile_withdraw": f"POST /en/staff/network/{p}/withdraw/",
        "network:staff_profile_showcase": f"POST /en/staff/network/{p}/showcase/ event=0",
        "network:staff_editions": "/en/staff/awards/",
        "network:staff_edition": f"/en/staff/awards/{e}/",
        "network:staff_edition_close": f"POST /en/staff/awards/{e}/close/",
        "network:staff_edition_publish": f"POST /en/staff/awards/{e}/publish/",
        "network:staff_nomination_screen": f"POST /en/staff/awards/nominations/{n}/screen/",
        "network:staff_award_create": "/en/staff/awards/new/",
        "network:staff_award_edit": f"/en/staff/awards/award/{edition.award_id}/",
        "network:staff_edition_create": f"/en/staff/awards/award/{edition.award_id}/new-edition/",
        "network:staff_edition_edit": f"/en/staff/awards/{e}/edit/",
        "network:staff_category_create": f"/en/staff/awards/{e}/categories/new/",
        "network:staff_category_edit": f"/en/staff/awards/{e}/categories/{empty_category.pk}/",
        "network:staff_category_delete": (
            f"POST /en/staff/awards/{e}/categories/{empty_category.pk}/delete/"
        ),
        "network:staff_criterion_create": f"/en/staff/awards/{e}/criteria/new/",
        "network:staff_criterion_edit": f"/en/staff/awards/{e}/criteria/{criterion.pk}/",
        "network:staff_criterion_delete": (
            f"POST /en/staff/awards/{e}/criteria/{criterion.pk}/delete/"
        ),
        "network:staff_juror_create": f"/en/staff/awards/{e}/jurors/new/",
        "network:staff_juror_delete": f"POST /en/staff/awards/{e}/jurors/{juror.pk}/delete/",
        "network:staff_ambassadors": "/en/staff/ambassadors/",
        "network:staff_ambassador_create": "/en/staff/ambassadors/new/",
        "network:staff_ambassador_withdraw": (
            f"POST /en/staff/ambassadors/{ambassador.pk}/withdraw/"
        ),
        "network:staff_visit_held": f"POST /en/staff/ambassadors/visits/{visit.pk}/held/",
        "network:staff_materials": "/en/staff/toolkit/",
        "network:staff_material_create": "/en/staff/toolkit/new/",
        "network:staff_material": f"/en/staff/toolkit/{toolkit_item.pk}/",
        "network:staff_stories": "/en/staff/stories/",
        "network:staff_story_create": "/en/staff/stories/new/",
        "network:staff_story": f"/en/staff/stories/{s}/",
        "network:staff_story_publish": f"POST /en/staff/stories/{s}/publish/",
        "api:network_company_list": "/api/v1/network/companies",
        "api:network_company_detail": f"/api/v1/network/companies/{p}",
        "api:network_story_list": "/api/v1/stories",
        "api:network_story_detail": f"/api/v1/stories/{s}",
        "api:network_material_list": "/api/v1/toolkit/materials",
    }
