"""Files go with their record: the file of a deleted record, or the one a new upload
(or a cleared field) replaces, is removed from storage once the transaction that
did it commits, never before: a deletion rolled back keeps its file.

Connected in CoreConfig.ready() for every model with a FileField, whichever app it
belongs to; a file another row of the same field still names is kept.
"""

from functools import partial

from django.apps import apps
from django.db import models, router, transaction
from django.db.models.signals import post_delete, post_save, pre_save


def file_fields(model: type[models.Model]) -> list[models.FileField]:
    return [
        field
        for field in model._meta.concrete_fields
        if isinstance(field, models.FileField)
    ]


def file_delete_unused(model: type[models.Model], field: models.FileField, name: str):
    """Remove the stored file `name` unless a row still names it."""
    if not name or model._base_manager.filter(**{field.name: name}).exists():
        return
    field.storage.delete(name)


def _on_commit(model, field, name, using):
    transaction.on_commit(
        partial(file_delete_unused, model._meta.concrete_model, field, name),
        using=using,
    )


def remember_replaced_files(sender, instance, raw=False, update_fields=None, **kwargs):
    """Before a save, note the stored files the save will stop naming."""
    fields = file_fields(sender)
    if update_fields is not None:
        fields = [field for field in fields if field.name in update_fields]
    if raw or not fields or instance._state.adding or instance.pk is None:
        return
    stored = (
        sender._base_manager.filter(pk=instance.pk)
        .values_list(*(field.attname for field in fields))
        .first()
    )
    if stored is None:
        return
    instance._replaced_files = [
        (field, old)
        for field, old in zip(fields, stored, strict=True)
        if old and old != getattr(instance, field.attname).name
    ]


def delete_replaced_files(sender, instance, using=None, **kwargs):
    for field, old in instance.__dict__.pop("_replaced_files", ()):
        _on_commit(sender, field, old, using or router.db_for_write(sender))


def delete_record_files(sender, instance, using=None, **kwargs):
    for field in file_fields(sender):
        name = getattr(instance, field.attname).name
        if name:
            _on_commit(sender, field, name, using or router.db_for_write(sender))


def files_follow_records() -> None:
    """Connect the handlers to every model that has a FileField."""
    for model in apps.get_models():
        if not file_fields(model):
            continue
        uid = f"core.files.{model._meta.label}"
        pre_save.connect(
            remember_replaced_files, sender=model, dispatch_uid=f"{uid}.pre_save"
        )
        post_save.connect(
            delete_replaced_files, sender=model, dispatch_uid=f"{uid}.post_save"
        )
        post_delete.connect(
            delete_record_files, sender=model, dispatch_uid=f"{uid}.post_delete"
        )
