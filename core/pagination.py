"""Lists that count their rows up to a cap: past `COUNT_CAP`, a list says "Plus de
1 000 résultats" and pages through its first rows, instead of counting every row of
a large table on each page (100,000 projects: a count of all of them each time the
list is shown, filtered or not). Refine the filters to see the rest."""

from django.core.paginator import Paginator
from django.utils.functional import cached_property

from .money import format_amount

COUNT_CAP = 1000


class CappedPaginator(Paginator):
    cap = COUNT_CAP

    @cached_property
    def counted(self) -> int:
        """The number of rows, up to `cap` + 1: the database stops reading there
        (unordered: a count needs no sort of every matching row)."""
        rows = self.object_list
        if hasattr(rows, "query"):
            return rows.order_by()[: self.cap + 1].count()
        return min(len(rows), self.cap + 1)

    @property
    def is_capped(self) -> bool:
        return self.counted > self.cap

    @cached_property
    def count(self) -> int:
        """The rows the pages go through: `cap` at the most."""
        return min(self.counted, self.cap)

    def cap_label(self) -> str:
        return format_amount(self.cap)
