"""The interface in every language of LANGUAGES: each string of the code and templates
has its translation in the English and Romanian catalogues. The strings are extracted
again from the code (makemessages, as the Makefile's `messages` target does, into a
copy of locale/): a new French string nobody translated fails here, and so does a
translation left fuzzy by a changed msgid."""

import shutil

import polib
import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import translation
from django.utils.translation import ngettext

# the suite's autouse fixture fills the reference lists: a database, even for these
pytestmark = pytest.mark.django_db

TRANSLATED = ["en", "ro"]
ROMANIAN_PLURAL = (
    "nplurals=3; plural=(n==1 ? 0 : (n==0 || (n%100 > 0 && n%100 < 20)) ? 1 : 2);"
)


SKIPPED = {"locale", "tests", "node_modules", "media", "staticfiles", "bench"}


@pytest.fixture(scope="module")
def catalogues(tmp_path_factory):
    """The catalogues brought up to date with the code, in a copy of the project
    (its source folders linked, locale/ copied): the real catalogues stay as they
    are."""
    project = tmp_path_factory.mktemp("project")
    for path in settings.BASE_DIR.iterdir():
        if path.name not in SKIPPED and not path.name.startswith("."):
            (project / path.name).symlink_to(path)
    locale = project / "locale"
    shutil.copytree(settings.BASE_DIR / "locale", locale)
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(project)
        patch.setattr(settings, "LOCALE_PATHS", [locale])
        call_command(
            "makemessages",
            locale=TRANSLATED,
            extensions=["html", "txt", "py"],
            symlinks=True,
            verbosity=0,
        )
    return {
        language: polib.pofile(str(locale / language / "LC_MESSAGES" / "django.po"))
        for language in TRANSLATED
    }


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_string_of_the_interface_is_translated(catalogues, language):
    catalogue = catalogues[language]
    missing = [
        entry.msgid
        for entry in catalogue
        if not entry.obsolete and (not entry.translated() or entry.fuzzy)
    ]

    assert len(catalogue) > 900
    assert missing == [], (
        f"{len(missing)} string(s) without a {language} translation (run "
        f"makemessages and translate locale/{language}/LC_MESSAGES/django.po)"
    )


def test_the_romanian_catalogue_has_the_romanian_plural_forms(catalogues):
    catalogue = catalogues["ro"]
    plurals = [entry for entry in catalogue if entry.msgid_plural]

    assert catalogue.metadata["Plural-Forms"] == ROMANIAN_PLURAL
    assert plurals
    assert all(len(entry.msgstr_plural) == 3 for entry in plurals)


@pytest.mark.parametrize(
    "count, shown",
    [
        (1, "1 fișă"),
        (2, "2 fișe"),
        (19, "19 fișe"),
        (20, "20 de fișe"),
        (101, "101 fișe"),
        (120, "120 de fișe"),
    ],
)
def test_romanian_counts_follow_the_romanian_plural_rule(count, shown):
    with translation.override("ro"):
        text = ngettext("%(counter)s fiche", "%(counter)s fiches", count)

    assert text % {"counter": count} == shown
