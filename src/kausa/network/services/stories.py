"""Success stories: staff write and publish for their own office."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kausa.accounts.tenancy import require_edit_access
from kausa.core.audit import audit
from kausa.network.models import Activity, Story, StoryImage, StoryTag, StoryTranslation
from kausa.network.uploads import check_image

if TYPE_CHECKING:
    from collections.abc import Iterable

    from kausa.accounts.models import Organisation, User


@transaction.atomic
def story_create(
    *,
    user: User | None,
    organisation: Organisation,
    activities: Iterable[str],
    language: str,
    title: str,
    teaser: str,
    body: str,
    consent_confirmed: bool,
) -> Story:
    require_edit_access(user, organisation.pk)
    story = Story.objects.create(
        organisation=organisation,
        state=organisation.state,
        author=user,
        consent_confirmed=consent_confirmed,
    )
    story_tags_set(user=user, story=story, activities=activities)
    story_translation_set(
        user=user, story=story, language=language, title=title, teaser=teaser, body=body
    )
    audit(actor=user, action="create", obj=story)
    return story


@transaction.atomic
def story_update(
    *, user: User | None, story: Story, activities: Iterable[str], consent_confirmed: bool
) -> Story:
    require_edit_access(user, story.organisation_id)
    story.consent_confirmed = consent_confirmed
    story.save(update_fields=["consent_confirmed", "updated_at"])
    story_tags_set(user=user, story=story, activities=activities)
    audit(actor=user, action="update", obj=story)
    return story


def story_tags_set(*, user: User | None, story: Story, activities: Iterable[str]) -> None:
    require_edit_access(user, story.organisation_id)
    wanted = {a for a in activities if a in Activity.values}
    StoryTag.objects.filter(story=story).exclude(activity__in=wanted).delete()
    for activity in wanted:
        StoryTag.objects.get_or_create(story=story, activity=activity)


@transaction.atomic
def story_translation_set(
    *, user: User | None, story: Story, language: str, title: str, teaser: str, body: str
) -> StoryTranslation:
    require_edit_access(user, story.organisation_id)
    translation, _created = StoryTranslation.objects.update_or_create(
        story=story,
        language=language,
        defaults={"title": title.strip(), "teaser": teaser.strip(), "body": body},
    )
    translation.full_clean()
    return translation


@transaction.atomic
def story_publish(*, user: User | None, story: Story) -> Story:
    require_edit_access(user, story.organisation_id)
    if not story.consent_confirmed:
        raise ValidationError(
            _("Confirm that everyone named or shown agreed before publishing the story.")
        )
    if not story.translations.exists():
        raise ValidationError(_("The story has no text yet."))
    story.status = Story.Status.PUBLISHED
    story.published_at = story.published_at or timezone.now()
    story.save(update_fields=["status", "published_at", "updated_at"])
    audit(actor=user, action="update", obj=story, detail="published")
    return story


@transaction.atomic
def story_unpublish(*, user: User | None, story: Story) -> Story:
    require_edit_access(user, story.organisation_id)
    story.status = Story.Status.DRAFT
    story.save(update_fields=["status", "updated_at"])
    audit(actor=user, action="update", obj=story, detail="unpublished")
    return story


@transaction.atomic
def story_image_add(
    *, user: User | None, story: Story, upload: UploadedFile, alt_text: str, caption: str = ""
) -> StoryImage:
    require_edit_access(user, story.organisation_id)
    if not alt_text.strip():
        raise ValidationError({"alt_text": _("Describe the picture for people who cannot see it.")})
    content_type = check_image(upload)
    image = StoryImage(
        story=story,
        file_type=content_type,
        alt_text=alt_text.strip(),
        caption=caption.strip(),
        position=story.images.count(),
    )
    image.file.save(f"{story.pk}-{timezone.now():%Y%m%d%H%M%S}", upload, save=False)
    image.save()
    return image
