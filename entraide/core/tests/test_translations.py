"""The interface speaks English to English visitors, and the English catalogue stays complete.

The source strings (msgids) are French. The English catalogue lives in
entraide/locale/en/LC_MESSAGES/: django.po (edited by hand) and django.mo (compiled from it, and
committed, so that a machine without gettext's tools still serves English). When you add or
change a string:

    .venv/bin/python manage.py makemessages -l en --ignore=.venv --ignore=node_modules --ignore=var
    (translate the new or fuzzy entries in entraide/locale/en/LC_MESSAGES/django.po)
    .venv/bin/python manage.py compilemessages -l en --ignore=.venv --ignore=node_modules
"""

import ast
import gettext
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

ROOT = Path(__file__).resolve().parents[3]
LOCALE_DIR = ROOT / "entraide" / "locale"
PO_FILE = LOCALE_DIR / "en" / "LC_MESSAGES" / "django.po"
MO_FILE = LOCALE_DIR / "en" / "LC_MESSAGES" / "django.mo"
HOW_TO_FIX = (
    "run `.venv/bin/python manage.py makemessages -l en --ignore=.venv --ignore=node_modules "
    "--ignore=var`, translate the new, empty or fuzzy entries of "
    "entraide/locale/en/LC_MESSAGES/django.po (and remove their `#, fuzzy` flags), then "
    "`.venv/bin/python manage.py compilemessages -l en --ignore=.venv --ignore=node_modules` "
    "and commit both django.po and django.mo"
)
PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif]")


# --- The pages ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_home_page_speaks_english_to_a_browser_asking_for_it(client: Client) -> None:
    response = client.get("/", headers={"accept-language": "en"})

    assert response.status_code == 200
    page = response.content.decode()
    assert 'lang="en"' in page
    assert "Sign up" in page
    assert "Log in" in page
    assert "Community life near you" in page
    assert "S’inscrire" not in page
    assert "Se connecter" not in page


@pytest.mark.django_db
def test_home_page_speaks_english_when_the_language_cookie_says_so(client: Client) -> None:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    page = client.get("/", headers={"accept-language": "fr"}).content.decode()

    assert "Sign up" in page
    assert "S’inscrire" not in page


@pytest.mark.django_db
@pytest.mark.parametrize("accept_language", [None, "fr", "fr-FR,fr;q=0.9", "de"])
def test_home_page_speaks_french_by_default(client: Client, accept_language: str | None) -> None:
    headers = {"accept-language": accept_language} if accept_language else {}

    page = client.get("/", headers=headers).content.decode()

    assert 'lang="fr"' in page
    assert "S’inscrire" in page
    assert "Se connecter" in page
    assert "Sign up" not in page


# --- The catalogue --------------------------------------------------------------------------


@dataclass
class Entry:
    msgid: str = ""
    msgid_plural: str | None = None
    msgctxt: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)  # 0 for a singular entry
    flags: set[str] = field(default_factory=set)
    line: int = 0
    complete: bool = False  # False for a block of comments only


def parse_po(path: Path) -> list[Entry]:
    """Just enough of the PO format for these checks. Entries are separated by blank lines (as
    gettext writes them); obsolete entries (#~) and comments other than flags are skipped."""
    entries: list[Entry] = []
    entry: Entry | None = None
    target: tuple[str, int] = ("msgid", 0)  # which string a continuation line extends
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line:
            entry = None
            continue
        if line.startswith("#~"):
            continue
        if entry is None:
            entry = Entry(line=number)
            entries.append(entry)
        if line.startswith("#,"):
            entry.flags.update(flag.strip() for flag in line[2:].split(","))
            continue
        if line.startswith("#"):
            continue
        if line.startswith('"'):
            value = ast.literal_eval(line)
        else:
            keyword, _, rest = line.partition(" ")
            value = ast.literal_eval(rest)
            if keyword.startswith("msgstr["):
                target = ("msgstr", int(keyword[len("msgstr[") : -1]))
            elif keyword == "msgstr":
                target = ("msgstr", 0)
            elif keyword in {"msgid", "msgid_plural", "msgctxt"}:
                target = (keyword, 0)
                if keyword == "msgid":
                    entry.line, entry.complete = number, True
                setattr(entry, keyword, "")
            else:
                raise AssertionError(f"{path}:{number}: unexpected line {raw!r}")
        name, index = target
        if name == "msgstr":
            entry.msgstr[index] = entry.msgstr.get(index, "") + value
        else:
            setattr(entry, name, (getattr(entry, name) or "") + value)
    return [entry for entry in entries if entry.complete]


def catalogue() -> tuple[Entry, list[Entry]]:
    assert PO_FILE.exists(), f"{PO_FILE} is missing: {HOW_TO_FIX}"
    entries = parse_po(PO_FILE)
    header = [entry for entry in entries if entry.msgid == "" and entry.msgctxt is None]
    assert len(header) == 1, "the catalogue should have exactly one header"
    return header[0], [entry for entry in entries if entry is not header[0]]


def describe(entry: Entry) -> str:
    return f"line {entry.line}: {entry.msgid!r}"


def test_english_catalogue_has_no_untranslated_or_fuzzy_entry() -> None:
    header, entries = catalogue()

    untranslated = [
        describe(entry)
        for entry in entries
        if not entry.msgstr or any(not text.strip() for text in entry.msgstr.values())
    ]
    fuzzy = [describe(entry) for entry in entries if "fuzzy" in entry.flags]
    if "fuzzy" in header.flags:
        fuzzy.insert(0, "the header")

    assert len(entries) > 300, "the English catalogue looks truncated"
    assert not untranslated, (
        f"{len(untranslated)} untranslated entries in {PO_FILE.relative_to(ROOT)} "
        f"({', '.join(untranslated[:10])}): {HOW_TO_FIX}"
    )
    assert not fuzzy, (
        f"{len(fuzzy)} fuzzy entries in {PO_FILE.relative_to(ROOT)} "
        f"({', '.join(fuzzy[:10])}): check their translation, then {HOW_TO_FIX}"
    )


def test_english_translations_keep_every_placeholder() -> None:
    _, entries = catalogue()

    wrong = []
    for entry in entries:
        sources = [entry.msgid, entry.msgid_plural or entry.msgid]
        for index, text in entry.msgstr.items():
            expected = sources[min(index, 1)]
            # A singular form may leave out the count (“one organisation”), never add a name.
            if sorted(PLACEHOLDER.findall(text)) != sorted(PLACEHOLDER.findall(expected)):
                wrong.append(f"{describe(entry)} -> {text!r}")

    assert not wrong, "placeholders differ between msgid and msgstr:\n" + "\n".join(wrong)


def test_compiled_english_catalogue_matches_the_po_file() -> None:
    _, entries = catalogue()
    assert MO_FILE.exists(), f"{MO_FILE.relative_to(ROOT)} is missing: {HOW_TO_FIX}"
    with MO_FILE.open("rb") as mo:
        compiled = gettext.GNUTranslations(mo)

    stale = []
    for entry in entries:
        if entry.msgid_plural is not None:
            got = {
                0: compiled.npgettext(entry.msgctxt, entry.msgid, entry.msgid_plural, 1)
                if entry.msgctxt
                else compiled.ngettext(entry.msgid, entry.msgid_plural, 1),
                1: compiled.npgettext(entry.msgctxt, entry.msgid, entry.msgid_plural, 2)
                if entry.msgctxt
                else compiled.ngettext(entry.msgid, entry.msgid_plural, 2),
            }
            want = {index: entry.msgstr.get(index, "") for index in (0, 1)}
        else:
            got = {
                0: compiled.pgettext(entry.msgctxt, entry.msgid)
                if entry.msgctxt
                else compiled.gettext(entry.msgid)
            }
            want = {0: entry.msgstr.get(0, "")}
        if got != want:
            stale.append(describe(entry))

    assert not stale, (
        f"django.mo is older than django.po ({len(stale)} entries differ, e.g. "
        f"{', '.join(stale[:5])}): {HOW_TO_FIX}"
    )


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="gettext's xgettext is not installed")
def test_english_catalogue_knows_every_string_of_the_source(tmp_path: Path) -> None:
    """makemessages on a copy of the source finds no msgid that the committed catalogue lacks:
    a string added to the code without running makemessages fails here."""
    copy = tmp_path / "project"
    copy.mkdir()
    shutil.copy2(ROOT / "manage.py", copy / "manage.py")
    shutil.copytree(
        ROOT / "entraide",
        copy / "entraide",
        ignore=shutil.ignore_patterns("__pycache__", "*.mo", "node_modules"),
    )
    environment = {**os.environ, "ENTRAIDE_TESTING": "1"}
    result = subprocess.run(
        [sys.executable, "-W", "ignore", "manage.py", "makemessages", "-l", "en", "--no-location"],
        cwd=copy,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr

    def keys(path: Path) -> set[tuple[str | None, str]]:
        return {(entry.msgctxt, entry.msgid) for entry in parse_po(path) if entry.msgid}

    fresh = keys(copy / "entraide" / "locale" / "en" / "LC_MESSAGES" / "django.po")
    committed = keys(PO_FILE)
    missing = sorted(msgid for _, msgid in fresh - committed)

    assert not missing, (
        f"{len(missing)} strings of the source are not in the English catalogue "
        f"({', '.join(repr(msgid) for msgid in missing[:10])}): {HOW_TO_FIX}"
    )
