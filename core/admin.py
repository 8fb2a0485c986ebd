from simple_history.admin import SimpleHistoryAdmin


class VersionedAdmin(SimpleHistoryAdmin):
    """Admin for a TrackedModel: a save from the admin also moves the record's version
    on, so a portal form opened before it is refused instead of overwriting it."""

    def save_model(self, request, obj, form, change):
        if change:
            obj.version += 1
        super().save_model(request, obj, form, change)
