from django import template
from django.utils.safestring import mark_safe

from evaluations.charts import indicator_chart_svg
from evaluations.models import format_quantity

register = template.Library()


@register.simple_tag
def indicator_chart(indicator, width=560, height=240):
    """{% indicator_chart indicator %}: the indicator's chart as inline SVG."""
    # Every text in the SVG is escaped by charts.py.
    return mark_safe(indicator_chart_svg(indicator, width=width, height=height))  # noqa: S308


@register.filter
def quantity(value):
    """{{ indicator.target|quantity }} -> 1 234,5"""
    return format_quantity(value)
