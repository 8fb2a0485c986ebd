"""Files go with their record: the file of a deleted record, or the one a new upload
(or a cleared field) replaces, is removed from storage once the transaction that
did it commits, never before: a deletion rolled back keeps its file. They are sent
only by a view that checked who may read the record (stored_file_response), never
from the media folder.

Connected in CoreConfig.ready() for every model with a FileField, whichever app it
belongs to; a file another row of the same field still names is kept.
"""

import os
from functools import partial

from django.apps import apps
from django.db import models, router, transaction
from django.db.models.fields.files import FieldFile
from django.db.models.signals import post_delete, post_save, pre_save
from django.http import FileResponse, Http404


def stored_file_response(
    stored: FieldFile, *, as_attachment: bool = True, filename: str = ""
) -> FileResponse:
    """A record's uploaded file, sent by a view once it has checked that the person
    may read the record: as a download named as it was stored (or `filename`), or
    shown inline (a photo in an <img>). A record without its file, or whose file is
    gone from storage, is a 404."""
    if not stored:
        raise Http404
    try:
        handle = stored.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(
        handle,
        as_attachment=as_attachment,
        filename=filename or os.path.basename(stored.name),
    )


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
