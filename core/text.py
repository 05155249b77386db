"""Text people typed, as the portal keeps it: one rule for every text field, whatever the channel (page, API,
Excel). Control characters (the bell, escape, NUL …) and lone surrogates are never meant: they are removed before
any row is saved (core.apps connects `text_fields_cleaned` to every model's pre_save), so no page, workbook or
database ever sees them. Tabs and line breaks stay."""

import re

# C0 controls but tab, line feed and carriage return; DEL; and the UTF-16 surrogates, which no valid text holds
# alone (openpyxl and PostgreSQL refuse them, and JSON cannot be encoded with them).
UNWANTED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")


def clean_text(value: str) -> str:
    return UNWANTED.sub("", value)


def has_unwanted(value: str) -> bool:
    return UNWANTED.search(value) is not None


def text_fields_cleaned(sender, instance, **kwargs) -> None:
    """pre_save of every model: each text value as clean_text leaves it."""
    for field in sender._meta.concrete_fields:
        value = getattr(instance, field.attname, None)
        if isinstance(value, str) and has_unwanted(value):
            setattr(instance, field.attname, clean_text(value))
