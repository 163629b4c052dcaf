"""Atom feed of the published success stories."""

from __future__ import annotations

from typing import Any

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from kausa.network import selectors
from kausa.network.views_public import lang


class StoryFeed(Feed):
    feed_type = Atom1Feed
    title = _("KAUSA success stories")
    subtitle = _("Activities and results of the KAUSA offices")

    def link(self) -> str:
        return reverse("network:story_list")

    def items(self) -> list[Any]:
        language = lang()
        stories = list(selectors.public_stories()[:30])
        for story in stories:
            story.text = selectors.story_translation(story, language)
        return stories

    def item_title(self, item: Any) -> str:
        return item.text.title if item.text else ""

    def item_description(self, item: Any) -> str:
        return item.text.teaser if item.text else ""

    def item_link(self, item: Any) -> str:
        return reverse("network:story_detail", args=[item.pk])

    def item_pubdate(self, item: Any) -> Any:
        return item.published_at

    def item_updateddate(self, item: Any) -> Any:
        return item.updated_at

    def item_categories(self, item: Any) -> list[str]:
        return [tag.get_activity_display() for tag in item.tags.all()]
