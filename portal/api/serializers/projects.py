from rest_framework import serializers

from projects.models import (
    FundingLine,
    KeyFigure,
    Programme,
    Project,
    SustainableDevelopmentGoal,
    Theme,
)
from projects.models.funding import FUNDING_LINE_FIELDS

from .partnerships import OrganisationRefSerializer


class ProgrammeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Programme
        fields = [
            "id",
            "partnership",
            "title",
            "start_year",
            "end_year",
            "orientation",
            "version",
            "updated_at",
        ]


class ThemeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Theme
        fields = ["id", "slug", "name"]


class SdgSerializer(serializers.ModelSerializer):
    class Meta:
        model = SustainableDevelopmentGoal
        fields = ["number", "label"]


class KeyFigureSerializer(serializers.ModelSerializer):
    class Meta:
        model = KeyFigure
        fields = ["value", "label", "order"]


class FundingLineSerializer(serializers.ModelSerializer):
    funder = OrganisationRefSerializer(allow_null=True)

    class Meta:
        model = FundingLine
        fields = ["id", "project", *FUNDING_LINE_FIELDS, "order"]


class FundingLineWriteSerializer(serializers.Serializer):
    """What a client sends to write a funding line: the fields of the project form's
    funding rows, and the version of the project it read (the project guards its
    lines, as on the project's page). The project form's own validation applies."""

    project = serializers.IntegerField(
        required=False, help_text="Le projet (à la création seulement)."
    )
    version = serializers.IntegerField(
        help_text="La version du projet que vous avez lue."
    )
    funder = serializers.IntegerField(required=False, allow_null=True)
    label = serializers.CharField(required=False, allow_blank=True)
    amount = serializers.DecimalField(
        max_digits=14, decimal_places=2, required=False, allow_null=True
    )
    currency = serializers.CharField(required=False)
    nature = serializers.ChoiceField(FundingLine.Nature.choices, required=False)
    status = serializers.ChoiceField(FundingLine.Status.choices, required=False)
    period_start = serializers.DateField(required=False, allow_null=True)
    period_end = serializers.DateField(required=False, allow_null=True)
    note = serializers.CharField(required=False, allow_blank=True)


class ProjectListSerializer(serializers.ModelSerializer):
    carrier = OrganisationRefSerializer(allow_null=True)
    themes = ThemeSerializer(many=True)
    sdgs = SdgSerializer(many=True)

    class Meta:
        model = Project
        fields = [
            "id",
            "slug",
            "title",
            "carrier",
            "partnerships",
            "programme",
            "start_year",
            "end_year",
            "status",
            "themes",
            "sdgs",
            "version",
            "updated_at",
        ]


class ProjectSerializer(ProjectListSerializer):
    partners = OrganisationRefSerializer(many=True)
    co_carriers = OrganisationRefSerializer(many=True)
    funding_lines = FundingLineSerializer(many=True)
    key_figures = KeyFigureSerializer(many=True)

    class Meta(ProjectListSerializer.Meta):
        fields = [
            *ProjectListSerializer.Meta.fields,
            "aliases",
            "lead",
            "co_carriers",
            "partners",
            "pilot_rationale",
            "genesis",
            "objectives",
            "actors",
            "resources",
            "key_figures",
            "funding_lines",
        ]
