import datetime
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest

from evaluations.charts import indicator_chart_svg, line_chart_svg, nice_ticks
from tests.factories import IndicatorFactory, MeasurementFactory

pytestmark = pytest.mark.django_db

SVG = "{http://www.w3.org/2000/svg}"
D = Decimal


def points(series):
    return [tuple(map(float, p.split(","))) for p in series.get("points").split()]


@pytest.fixture
def chart():
    indicator = IndicatorFactory(
        name="Nombre de participants", unit="personnes", target=D("40")
    )
    for day, side, value in [
        ("2009-12-10", "french", "35"),
        ("2009-06-30", "french", "18"),
        ("2009-09-15", "french", "25"),
        ("2009-09-15", "partner", "30"),
        ("2009-10-20", "partner", "42"),
    ]:
        MeasurementFactory(indicator=indicator, date=day, side=side, value=D(value))
    return ET.fromstring(indicator_chart_svg(indicator, width=560, height=240))


def test_the_chart_draws_one_line_per_side_through_its_points_in_date_order(chart):
    french = chart.find(f".//{SVG}g[@data-side='french']/{SVG}polyline")
    partner = chart.find(f".//{SVG}g[@data-side='partner']/{SVG}polyline")

    french_points, partner_points = points(french), points(partner)

    assert len(french_points) == 3 and len(partner_points) == 2
    xs = [x for x, _y in french_points]
    assert xs == sorted(xs)
    # a higher value is drawn higher (a smaller y)
    ys = [y for _x, y in french_points]
    assert ys[0] > ys[1] > ys[2]
    dots = chart.findall(f".//{SVG}g[@data-side='french']/*[@class='point']")
    assert [d.get("data-date") for d in dots] == [
        "2009-06-30",
        "2009-09-15",
        "2009-12-10",
    ]
    assert dots[2].find(f"{SVG}title").text == (
        "Territoire français, 10/12/2009 : 35 personnes"
    )


def test_the_target_is_a_horizontal_line_at_its_value(chart):
    target = chart.find(f".//{SVG}line[@class='target']")
    french_points = points(chart.find(f".//{SVG}g[@data-side='french']/{SVG}polyline"))
    partner_points = points(
        chart.find(f".//{SVG}g[@data-side='partner']/{SVG}polyline")
    )

    y = float(target.get("y1"))
    assert target.get("y2") == target.get("y1")
    assert D(target.get("data-value")) == 40
    assert french_points[-1][1] > y  # 35 is below the target
    assert partner_points[-1][1] < y  # 42 is above it


def test_the_chart_says_in_words_what_it_shows(chart):
    assert chart.get("role") == "img"
    assert chart.find(f"{SVG}title").text == "Nombre de participants"
    description = chart.find(f"{SVG}desc").text
    assert (
        "Territoire français : 3 mesures, la dernière 35 personnes le 10/12/2009."
        in (description)
    )
    assert "Cible : 40 personnes." in description
    legend = [t.text for t in chart.findall(f".//{SVG}g[@class='legend']/{SVG}text")]
    assert legend == [
        "Territoire français",
        "Territoire partenaire",
        "Cible : 40 personnes",
    ]


def test_text_in_the_chart_is_escaped():
    svg = line_chart_svg(
        series={"french": [(datetime.date(2020, 1, 1), D("1"))], "partner": []},
        target=None,
        unit="<b>&",
        title="Élus & <script>",
        chart_id="x",
    )

    root = ET.fromstring(svg)  # well-formed despite the markup in the names
    assert root.find(f"{SVG}title").text == "Élus & <script>"
    assert root.find(f".//{SVG}g[@data-side='partner']") is None


def test_an_indicator_without_measurement_has_no_chart():
    assert indicator_chart_svg(IndicatorFactory()) == ""


def test_ticks_are_round_numbers_covering_the_values():
    assert nice_ticks(0, 42) == [0, 20, 40, 60]
    assert nice_ticks(0, 35) == [0, 10, 20, 30, 40]
    assert nice_ticks(0, 0.7) == [0, 0.2, 0.4, 0.6, 0.8]


def test_date_labels_that_would_overlap_are_left_out_but_the_last_is_kept():
    days = [
        datetime.date(2009, 9, 15),
        datetime.date(2009, 9, 20),  # too close to the first
        datetime.date(2009, 10, 20),
        datetime.date(2009, 12, 1),  # too close to the last
        datetime.date(2009, 12, 10),
    ]
    svg = line_chart_svg(
        series={"french": [(day, D("1")) for day in days]},
        target=None,
        unit="",
        title="Participants",
        chart_id="c",
        width=360,
        height=180,
    )

    labels = ET.fromstring(svg).findall(f".//{SVG}text[@class='x-tick']")

    assert [label.text for label in labels] == [
        "15/09/2009",
        "20/10/2009",
        "10/12/2009",
    ]
    xs = [float(label.get("x")) for label in labels]
    assert min(b - a for a, b in zip(xs, xs[1:], strict=False)) >= 66
