from django import template

from core.comments import comment_key, commentable, comments_of, may_comment
from core.proposals import may_propose, may_review

register = template.Library()


@register.filter
def handles_proposals(user) -> bool:
    """{% if user|handles_proposals %}: a partner account that proposes, or a
    coordinator who reviews."""
    return may_propose(user) or may_review(user)


@register.inclusion_tag("includes/_comments.html", takes_context=True)
def record_comments(context, record):
    """The comments of a record, read by both sides, and the form to add one."""
    user = context["user"]
    key = comment_key(record)
    return {
        "comments": list(comments_of(record)) if commentable(key) else [],
        "can_comment": commentable(key) is not None and may_comment(user),
        "key": key,
        "record": record,
        "csrf_token": context.get("csrf_token"),
    }
