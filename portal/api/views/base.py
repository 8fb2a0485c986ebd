from rest_framework import viewsets


class ScopedViewSet(viewsets.ReadOnlyModelViewSet):
    """Reads its records through the app's selectors, as the pages do: `list_selector`
    for the list, `detail_selector` for one record (the list's when not given). A
    record outside a partner account's scope is a 404, as a missing one is."""

    list_selector = None
    detail_selector = None
    list_serializer_class = None
    # what the list shows beyond what its page's selector prefetches
    list_prefetch: tuple[str, ...] = ()

    def get_queryset(self):
        if self.action == "list" or self.detail_selector is None:
            queryset = self.list_selector(user=self.request.user)
            return queryset.prefetch_related(*self.list_prefetch)
        return self.detail_selector(user=self.request.user)

    def get_serializer_class(self):
        if self.action == "list" and self.list_serializer_class is not None:
            return self.list_serializer_class
        return super().get_serializer_class()
