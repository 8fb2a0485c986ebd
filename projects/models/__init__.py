"""The models of the projects app, one module per part: reference lists, programmes,
projects and the rows of their sheet, funding."""

from .funding import CostLine, CostTable, FundingLine, FundingLineYear, Payment
from .programmes import Programme, ProgrammeAxis
from .projects import (
    CrossViewRow,
    KeyFigure,
    PrintedName,
    Project,
    ProjectContact,
    ProjectPhoto,
    ProjectQuerySet,
    ProjectRecommendation,
    Quote,
)
from .reference import RecommendationCategory, SustainableDevelopmentGoal, Theme
from .totals import FundingTotal, ProjectFundingParts

__all__ = [
    "CostLine",
    "CostTable",
    "CrossViewRow",
    "FundingLine",
    "FundingTotal",
    "FundingLineYear",
    "Payment",
    "KeyFigure",
    "PrintedName",
    "Programme",
    "ProgrammeAxis",
    "Project",
    "ProjectContact",
    "ProjectFundingParts",
    "ProjectPhoto",
    "ProjectQuerySet",
    "ProjectRecommendation",
    "Quote",
    "RecommendationCategory",
    "SustainableDevelopmentGoal",
    "Theme",
]
