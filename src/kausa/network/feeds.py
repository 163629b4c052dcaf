"""Atom feed (RFC 4287) of the published success stories, one per site language.

- Every entry has an author: the office that tells the story (never the staff member).
- Each entry says its own language (``xml:lang``): a story not yet translated into the
  feed's language comes in the language it was written in, marked as such.
- Ids are tag URIs (RFC 4151) on the host of ``KAUSA_SITE_URL``: the same story keeps its
  id whatever host or language the feed was fetched through, so readers never show it twice.
- Links are absolute on ``KAUSA_SITE_URL``.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from kausa.core.links import absolute_url, site_url
from kausa.network import selectors

# The year the tag URIs were minted; it never changes, or every id would.
TAG_YEAR = 2025


def _lang() -> str:
    return (get_language() or "de").split("-")[0]


def tag_uri(specific: str) -> str:
    host = urlsplit(site_url()).hostname or "localhost"
    return f"tag:{host},{TAG_YEAR}:{specific}"


class LanguageTaggedAtom(Atom1Feed):
    """Atom with ``xml:lang`` on each entry (Django's writer only puts it on the feed)."""

    def item_attributes(self, item: dict[str, Any]) -> dict[str, str]:
        attributes = super().item_attributes(item)
        if item.get("language"):
            attributes["xml:lang"] = item["language"]
        return attributes


class StoryFeed(Feed):
    feed_type = LanguageTaggedAtom
    title = _("KAUSA success stories")
    subtitle = _("Activities and results of the KAUSA offices")
    author_name = "KAUSA"

    def link(self) -> str:
        return absolute_url(reverse("network:story_list"))

    def feed_url(self) -> str:
        return absolute_url(reverse("network:story_feed"))

    def feed_guid(self) -> str:
        return tag_uri(f"stories/{_lang()}")

    def author_link(self) -> str:
        return site_url() + "/"

    def items(self) -> list[Any]:
        language = _lang()
        stories = list(selectors.public_stories()[:30])
        for story in stories:
            story.text = selectors.story_translation(story, language)
        return stories

    def item_title(self, item: Any) -> str:
        return item.text.title if item.text else ""

    def item_description(self, item: Any) -> str:
        return item.text.teaser if item.text else ""

    def item_link(self, item: Any) -> str:
        return absolute_url(reverse("network:story_detail", args=[item.pk]))

    def item_guid(self, item: Any) -> str:
        return tag_uri(f"story/{item.pk}")

    def item_guid_is_permalink(self, item: Any) -> bool:
        return False

    def item_author_name(self, item: Any) -> str:
        return str(item.organisation.name)

    def item_pubdate(self, item: Any) -> Any:
        return item.published_at

    def item_updateddate(self, item: Any) -> Any:
        return item.updated_at or item.published_at

    def item_categories(self, item: Any) -> list[str]:
        return [tag.get_activity_display() for tag in item.tags.all()]

    def item_extra_kwargs(self, item: Any) -> dict[str, Any]:
        return {"language": item.text.language if item.text else None}
