"""``{% kept SECONDS NAME [VARY_ON ...] %}…{% endkept %}``: a fragment kept in the cache,
like Django's ``{% cache %}``, except that a cache outage only costs the rendering (the
fragment is drawn as if nothing was kept) instead of failing the page (kausa.core.cache_safe:
the shared cache only ever speeds things up).

A fragment is also kept in the process for at most LOCAL_SECONDS (and never longer than
SECONDS): reading it back from Redis cost 0.1-0.5 ms per fragment and request (the search
page's 323 occupation suggestions are 30 kB). So a process may show a fragment up to a
minute after another process rendered a newer one; fragments that must change at once
vary on a version (the tour's stations_version, the event's updated_at)."""

from __future__ import annotations

from typing import Any

from django import template
from django.core.cache import cache
from django.core.cache.utils import make_template_fragment_key
from django.template.base import FilterExpression, NodeList, Parser, Token

from kausa.core.cache_safe import cache_call
from kausa.core.process_cache import ProcessCache

register = template.Library()

LOCAL_SECONDS = 60.0
# fragments per process; when full, the process starts again from Redis
_local: ProcessCache[str, str] = ProcessCache(seconds=LOCAL_SECONDS, size=1024)


def forget_local() -> None:
    """Forget the fragments kept in this process (tests: each starts from an empty cache)."""
    _local.clear()


class KeptNode(template.Node):
    def __init__(
        self, nodelist: NodeList, seconds: FilterExpression, name: str, vary_on: list[Any]
    ) -> None:
        self.nodelist = nodelist
        self.seconds = seconds
        self.name = name
        self.vary_on = vary_on

    def render(self, context: template.Context) -> str:
        seconds = int(self.seconds.resolve(context))
        key = make_template_fragment_key(self.name, [v.resolve(context) for v in self.vary_on])
        local = _local.get(key)
        if local is not None:
            return local
        value = cache_call("template-fragment-get", cache.get, key, default=None)
        if value is None:
            value = self.nodelist.render(context)
            cache_call("template-fragment-set", cache.set, key, value, seconds, default=None)
        text = str(value)
        _local.put(key, text, seconds)
        return text


@register.tag
def kept(parser: Parser, token: Token) -> KeptNode:
    nodelist = parser.parse(("endkept",))
    parser.delete_first_token()
    bits = token.split_contents()
    if len(bits) < 3:
        raise template.TemplateSyntaxError("'kept' takes at least two arguments: seconds, name")
    return KeptNode(
        nodelist,
        parser.compile_filter(bits[1]),
        bits[2],
        [parser.compile_filter(bit) for bit in bits[3:]],
    )
