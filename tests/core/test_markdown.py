import pytest

from core.markdown import render_markdown

# the autouse reference-data fixture (tests/conftest.py) needs the test database
pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "link",
    [
        "//evil.example/",
        "/\\evil.example/",
        "http://evil.example/",
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "evil.example/page",
        "../admin/",
    ],
)
def test_only_https_and_mailto_links_survive(link):
    html = render_markdown(f"[x]({link})")

    assert "href" not in html
    assert ">x</a>" in html


@pytest.mark.parametrize(
    "link", ["https://www.savoie.fr/cooperation", "mailto:contact@savoie.fr"]
)
def test_https_and_mailto_links_are_kept(link):
    assert f'href="{link}"' in render_markdown(f"[x]({link})")
