"""``{% kept SECONDS NAME [VARY_ON ...] %}…{% endkept %}``: a fragment kept in the cache,
like Django's ``{% cache %}``, except that a cache outage only costs the rendering (the
fragment is drawn as if nothing was kept) instead of failing the page (kausa.core.cache_safe:
the shared cache only ever speeds things up)."""

from __future__ import annotations

from typing import Any

from django import template
from django.core.cache import cache
from django.core.cache.utils import make_template_fragment_key
from django.template.base import FilterExpression, NodeList, Parser, Token

from kausa.core.cache_safe import cache_call

register = template.Library()


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
        value = cache_call("template-fragment-get", cache.get, key, default=None)
        if value is None:
            value = self.nodelist.render(context)
            cache_call("template-fragment-set", cache.set, key, value, seconds, default=None)
        return str(value)


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
