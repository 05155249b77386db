"""Every user-facing string has its Simplified Chinese translation (locale/), and the compiled catalogue is current."""

from pathlib import Path

from django.conf import settings
from django.utils import translation

PO = Path(settings.BASE_DIR) / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"


def entries():
    """(flags, msgid, msgstr) of every entry of the catalogue, continuation lines joined."""
    for block in PO.read_text(encoding="utf-8").split("\n\n"):
        parts, current = {"msgid": "", "msgstr": ""}, None
        flags = ""
        for line in block.splitlines():
            if line.startswith("#,"):
                flags = line
            elif line.startswith(("msgid ", "msgstr ", "msgstr[0] ")):
                key, _, value = line.partition(" ")
                current = "msgid" if key == "msgid" else "msgstr" if key.startswith("msgstr") else None
                if current:
                    parts[current] += value.strip('"')
            elif line.startswith('"') and current:
                parts[current] += line.strip('"')
            elif line.startswith("msgid_plural"):
                current = None
        if parts["msgid"]:
            yield flags, parts["msgid"], parts["msgstr"]


def test_every_entry_is_translated_and_none_is_fuzzy():
    listed = list(entries())
    assert len(listed) > 400
    assert [msgid for _, msgid, msgstr in listed if not msgstr] == []
    assert [msgid for flags, msgid, _ in listed if "fuzzy" in flags] == []


def test_the_compiled_catalogue_has_the_latest_strings():
    with translation.override("zh-hans"):
        assert translation.gettext("Values by prefecture") == "各州市监测值"
        assert translation.gettext("Dashboard") != "Dashboard"
