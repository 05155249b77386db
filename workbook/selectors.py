"""Reads of exports."""

from workbook.models import Export


def export_list(user):
    """A user's own exports, newest first: nobody sees another user's workbook."""
    return Export.objects.filter(user=user)
