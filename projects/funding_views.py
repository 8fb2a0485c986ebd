"""The list of funding lines, across projects, with its exports."""

from django.db.models import Count, Sum
from django_filters.views import FilterView

from config.exports import export_response, requested_export_format
from config.mixins import PermissionMixin

from .filters import FundingLineFilter
from .resources import FundingLineResource
from .selectors import funding_line_list


class FundingLineListView(PermissionMixin, FilterView):
    """Funding lines with filters; `?export=xlsx|csv` downloads what the list shows,
    in the columns the import reads back."""

    permission_required = "projects.view_fundingline"
    filterset_class = FundingLineFilter
    template_name = "projects/fundingline_list.html"
    context_object_name = "lines"
    paginate_by = 50

    def get_queryset(self):
        return funding_line_list(user=self.request.user)

    def get(self, request, *args, **kwargs):
        file_format = requested_export_format(request)
        if file_format is None:
            return super().get(request, *args, **kwargs)
        filterset = self.get_filterset(self.get_filterset_class())
        lines = filterset.qs if filterset.is_valid() else self.get_queryset().none()
        return export_response(
            queryset=lines,
            resource_class=FundingLineResource,
            file_format=file_format,
            filename="lignes-de-financement",
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        totals = (
            self.object_list.order_by("currency")
            .values("currency")
            .annotate(total=Sum("amount"), lines=Count("pk"))
        )
        context["totals"] = list(totals)
        return context
