"""Idempotent loading: upserts that write only what differs and report what they changed (the plan loader and
each app's part of it use them)."""

from collections import Counter
from dataclasses import dataclass, field

from django.db import models


@dataclass
class LoadReport:
    """What a load created and changed, per model; a load that changes nothing reports zeros."""

    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)

    @property
    def changed_anything(self) -> bool:
        return bool(+self.created or +self.updated)

    def summary(self) -> str:
        names = sorted(set(self.created) | set(self.updated))
        return "; ".join(f"{n}: +{self.created[n]} ~{self.updated[n]}" for n in names) or "no changes"


def upsert(model: type[models.Model], lookup: dict, values: dict, report: LoadReport,
           keep: dict[int, set[str]] | None = None) -> models.Model:
    """Create the row found by `lookup`, or update only the fields whose value differs (so a rerun writes nothing).
    `keep` ({pk: field names}) names fields a plan revision changed: the loader leaves them as revised."""
    label = model._meta.label
    instance = model.objects.filter(**lookup).first()
    if instance is None:
        report.created[label] += 1
        return model.objects.create(**lookup, **values)
    kept = (keep or {}).get(instance.pk, set())
    changed = [name for name, value in values.items() if name not in kept and getattr(instance, name) != value]
    if changed:
        for name in changed:
            setattr(instance, name, values[name])
        instance.full_clean()
        instance.save(update_fields=changed)
        report.updated[label] += 1
    return instance


def sync_children(manager, wanted: list[dict], key_fields: tuple[str, ...], report: LoadReport) -> None:
    """Make an item's child rows (responsibilities, mentions) equal `wanted`, in order; untouched if already equal."""
    current = [tuple(row) for row in manager.order_by("position").values_list(*key_fields)]
    if current == [tuple(row[f] for f in key_fields) for row in wanted]:
        return
    # Row by row, not in bulk, so each change lands in the history tables.
    for child in manager.all():
        child.delete()
    for row in wanted:
        manager.create(**row)
    (report.updated if current else report.created)[manager.model._meta.label] += 1
