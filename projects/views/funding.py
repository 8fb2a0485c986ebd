"""The list of funding lines, across projects, with its exports."""

from django.core.paginator import Paginator

from core.generic import RecordListView

from ..filters import FundingLineFilter
from ..models import FundingLine
from ..resources import FundingLineResource
from ..selectors import funding_line_list


class FundingLineListView(RecordListView):
    """Funding lines with filters; the exports give the columns the import reads."""

    model = FundingLine
    selector = funding_line_list
    filterset_class = FundingLineFilter
    template_name = "projects/fundingline_list.html"
    context_object_name = "lines"
    paginate_by = 50
    # not capped: the totals under the list read every filtered line anyway
    paginator_class = Paginator
    export_resource = FundingLineResource
    export_filename = "lignes-de-financement"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["totals"] = self.object_list.totals_by_currency()
        return context
