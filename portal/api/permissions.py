from rest_framework import permissions


class ModelPermissions(permissions.DjangoModelPermissions):
    """The permissions of the pages: reading takes the model's `view` permission (a
    partner account holds it only for the records it may read), writing its `add` or
    `change` one. What records a reader sees is the selectors' business."""

    perms_map = {
        **permissions.DjangoModelPermissions.perms_map,
        "GET": ["%(app_label)s.view_%(model_name)s"],
        "HEAD": ["%(app_label)s.view_%(model_name)s"],
        "OPTIONS": ["%(app_label)s.view_%(model_name)s"],
    }
