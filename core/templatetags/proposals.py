from django import template

from core.proposals import may_propose, may_review

register = template.Library()


@register.filter
def handles_proposals(user) -> bool:
    """{% if user|handles_proposals %}: a partner account that proposes, or a
    coordinator who reviews."""
    return may_propose(user) or may_review(user)
