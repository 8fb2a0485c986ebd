from rest_framework import serializers

from missions.models import Mission, MissionStep, Participant

from .partnerships import OrganisationRefSerializer


class MissionStepSerializer(serializers.ModelSerializer):
    class Meta:
        model = MissionStep
        fields = ["id", "phase", "kind", "title", "state", "due_date", "order"]


class ParticipantSerializer(serializers.ModelSerializer):
    organisation = OrganisationRefSerializer(allow_null=True)

    class Meta:
        model = Participant
        fields = ["id", "full_name", "organisation", "category", "order"]


class MissionListSerializer(serializers.ModelSerializer):
    origin = OrganisationRefSerializer(allow_null=True)
    destination = OrganisationRefSerializer(allow_null=True)

    class Meta:
        model = Mission
        fields = [
            "id",
            "title",
            "kind",
            "project",
            "partnership",
            "origin",
            "destination",
            "start_date",
            "end_date",
            "place",
            "version",
            "updated_at",
        ]


class MissionSerializer(MissionListSerializer):
    steps = MissionStepSerializer(many=True)
    participants = ParticipantSerializer(many=True)
    organiser = OrganisationRefSerializer(allow_null=True)

    class Meta(MissionListSerializer.Meta):
        fields = [
            *MissionListSerializer.Meta.fields,
            "period_note",
            "objectives",
            "expected_participants",
            "organiser",
            "other_participants",
            "themes_note",
            "report",
            "steps",
            "participants",
        ]


class MissionReportSerializer(serializers.Serializer):
    """The report (compte rendu) of a mission, and the version of the mission read."""

    report = serializers.CharField(allow_blank=True)
    version = serializers.IntegerField(help_text="La version de la mission lue.")
