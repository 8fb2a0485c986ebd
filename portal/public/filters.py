from django.db.models import QuerySet

from projects.filters import ProjectFilter
from projects.models import (
    Project,
    RecommendationCategory,
    SustainableDevelopmentGoal,
    Theme,
)

# The filters of the staff list that name nothing private.
PUBLIC_FILTERS = ("q", "theme", "country", "recommendation", "sdg", "ordering")


class PublicProjectFilter(ProjectFilter):
    """The project list's filters, those a visitor may use, offering only the
    themes, recommendations, goals and countries of the public projects."""

    def __init__(self, data=None, queryset: QuerySet[Project] | None = None, **kwargs):
        super().__init__(data, queryset, **kwargs)
        for name in list(self.filters):
            if name not in PUBLIC_FILTERS:
                del self.filters[name]
        public = self.queryset.order_by().values("pk")
        self.filters["theme"].queryset = Theme.objects.filter(
            projects__in=public
        ).distinct()
        self.filters["sdg"].queryset = SustainableDevelopmentGoal.objects.filter(
            projects__in=public
        ).distinct()
        self.filters["recommendation"].queryset = RecommendationCategory.objects.filter(
            project_recommendations__project__in=public
        ).distinct()
