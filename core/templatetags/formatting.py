from django import template
from django.utils.safestring import mark_safe

from core.markdown import render_markdown
from core.money import format_money

register = template.Library()


@register.filter
def money(amount, currency="EUR"):
    """{{ line.amount|money:line.currency }} -> 22 124,13 €"""
    return format_money(amount, currency or "EUR")


@register.filter
def markdown(text):
    """{{ project.genesis|markdown }}: sanitised HTML of a Markdown text."""
    return mark_safe(render_markdown(text))  # noqa: S308 - cleaned by nh3


@register.simple_tag(takes_context=True)
def query_transform(context, **kwargs):
    """The query string with some parameters replaced: keeps filters in links."""
    query = context["request"].GET.copy()
    for key, value in kwargs.items():
        if value in (None, ""):
            query.pop(key, None)
        else:
            query[key] = value
    return query.urlencode()


@register.filter
def get_item(mapping, key):
    """{{ previews|get_item:field.name }}: a value of a dictionary, None if absent."""
    return mapping.get(key) if hasattr(mapping, "get") else None
