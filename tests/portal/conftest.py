import pytest

from projects.sheets import SheetPdf


@pytest.fixture
def pdf_stubs(monkeypatch):
    """Stubs for every PDF renderer a page calls, for the tests of who reads what:
    a stub stands for the PDF once access is granted."""
    monkeypatch.setattr(
        "projects.views.sheets.sheet_pdf",
        lambda *, project: SheetPdf(content=b"%PDF-stub", from_cache=True),
    )
    monkeypatch.setattr(
        "projects.views.sheets.catalogue_pdf", lambda **kwargs: b"%PDF-stub"
    )
    monkeypatch.setattr("portal.tasks.yearly_report_pdf", lambda report: b"%PDF-stub")
    monkeypatch.setattr("portal.views.apd_declaration_pdf", lambda d: b"%PDF-stub")
    monkeypatch.setattr(
        "portal.public.views.sheet_pdf",
        lambda *, project, public: SheetPdf(content=b"%PDF-stub", from_cache=True),
    )
    monkeypatch.setattr(
        "portal.public.views.catalogue_pdf", lambda **kwargs: b"%PDF-stub"
    )
    monkeypatch.setattr(
        "missions.views.mission_dossier_pdf", lambda **kwargs: b"%PDF-stub"
    )
