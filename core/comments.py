"""Comments on the records of a partnership, visible to both sides: a partner's staff
and the French side's coordinators write them; whoever reads the record reads them.

Core knows no domain app: each app registers the models that take comments and the
selector of the records a person may read (`commentable_register`).
"""

from collections.abc import Callable

from django.contrib.auth.models import AnonymousUser, User
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from . import roles
from .access import has_role, partner_organisation_name, partner_scope
from .models import RecordComment

# "app_label.model" -> (model, the records `user` may read)
_COMMENTABLE: dict[str, tuple[type[models.Model], Callable]] = {}


def commentable_register(
    model: type[models.Model], readable: Callable[[User], models.QuerySet]
) -> None:
    _COMMENTABLE[model._meta.label_lower] = (model, readable)


def commentable(key: str) -> tuple[type[models.Model], Callable] | None:
    return _COMMENTABLE.get(key)


def comment_key(record: models.Model) -> str:
    return record._meta.label_lower


def may_comment(user: User | AnonymousUser) -> bool:
    """The two sides of a partnership: partner staff and coordinators (the directors
    read)."""
    return user.is_authenticated and has_role(
        user, roles.PARTNER, roles.COORDINATOR, roles.ADMINISTRATOR
    )


def comments_of(record: models.Model) -> models.QuerySet[RecordComment]:
    return RecordComment.objects.filter(
        target_type=ContentType.objects.get_for_model(record), target_id=record.pk
    ).select_related("author")


EMPTY = _("Écrivez votre commentaire avant de l'envoyer.")


@transaction.atomic
def comment_add(*, user: User, record: models.Model, text: str) -> RecordComment:
    """Add `user`'s comment to `record`. Refused with PermissionDenied when `user`
    may not comment or may not read the record (another partnership's), with
    ValidationError when the text is empty."""
    entry = commentable(comment_key(record))
    if entry is None or not may_comment(user):
        raise PermissionDenied
    _model, readable = entry
    if not readable(user).filter(pk=record.pk).exists():
        raise PermissionDenied
    if not text.strip():
        raise ValidationError(EMPTY)
    organisation_name = ""
    if partner_scope(user) is not None:
        organisation_name = partner_organisation_name(user)
    comment = RecordComment(
        target_type=ContentType.objects.get_for_model(record),
        target_id=record.pk,
        author=user,
        organisation_name=organisation_name,
        text=text.strip(),
    )
    comment.full_clean()
    comment.save()
    return comment
