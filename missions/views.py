from config.generic import RecordDetailView, RecordListView

from .filters import MissionFilter
from .models import BudgetLine, Mission, MissionDay, MissionStep, Participant
from .selectors import mission_list


class MissionListView(RecordListView):
    model = Mission
    filterset_class = MissionFilter
    selector = mission_list


class MissionDetailView(RecordDetailView):
    model = Mission
    selector = mission_list
    history_rows = (
        (Participant, "mission"),
        (MissionDay, "mission"),
        (MissionStep, "mission"),
        (BudgetLine, "mission"),
    )

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .prefetch_related(
                "participants__organisation", "days", "steps", "budget_lines"
            )
        )
