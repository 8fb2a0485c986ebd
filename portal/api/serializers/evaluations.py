from rest_framework import serializers

from evaluations.models import Evaluation, EvaluativeQuestion, Indicator, Measurement


class MeasurementSerializer(serializers.ModelSerializer):
    class Meta:
        model = Measurement
        fields = ["id", "indicator", "date", "side", "territory", "value", "comment"]


class IndicatorSerializer(serializers.ModelSerializer):
    measurements = MeasurementSerializer(many=True)
    evaluation = serializers.IntegerField(source="question.evaluation_id")

    class Meta:
        model = Indicator
        fields = [
            "id",
            "evaluation",
            "question",
            "name",
            "unit",
            "baseline",
            "target",
            "order",
            "measurements",
        ]


class QuestionSerializer(serializers.ModelSerializer):
    indicators = IndicatorSerializer(many=True)

    class Meta:
        model = EvaluativeQuestion
        fields = ["id", "text", "order", "indicators"]


class EvaluationListSerializer(serializers.ModelSerializer):
    class Meta:
        model = Evaluation
        fields = [
            "id",
            "project",
            "title",
            "start_date",
            "end_date",
            "status",
            "version",
            "updated_at",
        ]


class EvaluationSerializer(EvaluationListSerializer):
    questions = QuestionSerializer(many=True)

    class Meta(EvaluationListSerializer.Meta):
        fields = [
            *EvaluationListSerializer.Meta.fields,
            "purpose",
            "evaluators",
            "summary",
            "questions",
        ]


class MeasurementWriteSerializer(serializers.Serializer):
    """A measurement to record: the fields of the indicator page's form, and the
    version of the evaluation read (its grid is one record)."""

    date = serializers.DateField()
    side = serializers.ChoiceField(Measurement.Side.choices)
    value = serializers.DecimalField(max_digits=14, decimal_places=2)
    territory = serializers.IntegerField(required=False, allow_null=True)
    comment = serializers.CharField(required=False, allow_blank=True)
    version = serializers.IntegerField(help_text="La version de l'évaluation lue.")
