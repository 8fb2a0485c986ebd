from rest_framework import serializers

from partnerships.models import Organisation, Partnership


class OrganisationRefSerializer(serializers.ModelSerializer):
    """An organisation named inside another record."""

    class Meta:
        model = Organisation
        fields = ["id", "name", "short_name"]


class OrganisationSerializer(serializers.ModelSerializer):
    country = serializers.CharField(source="country.code", read_only=True)

    class Meta:
        model = Organisation
        fields = [
            "id",
            "name",
            "short_name",
            "kind",
            "country",
            "website",
            "latitude",
            "longitude",
            "version",
            "updated_at",
        ]


class PartnershipSerializer(serializers.ModelSerializer):
    french_authority = OrganisationRefSerializer()
    partner = OrganisationRefSerializer()
    operator = OrganisationRefSerializer(allow_null=True)

    class Meta:
        model = Partnership
        fields = [
            "id",
            "slug",
            "french_authority",
            "partner",
            "operator",
            "start_year",
            "start_year_note",
            "status",
            "description",
            "version",
            "updated_at",
        ]
