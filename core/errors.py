"""Errors every app's services raise in the same way, so pages and the API answer them in one way."""


class StaleVersionError(Exception):
    """An edit made on an older version of a row: someone else saved in between. `changes` lists what they
    changed (empty where the row keeps no readable history)."""

    def __init__(self, *, item, expected_version: int, changes: list):
        super().__init__(f"{item} is at version {item.version}, not {expected_version}")
        self.item = item
        self.expected_version = expected_version
        self.changes = changes
