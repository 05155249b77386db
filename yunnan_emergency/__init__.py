"""The project: settings, the Celery app and its schedule, and the URL configuration that composes the apps'
pages and API resources (the top of the import contract)."""

from .celery import app as celery_app

__all__ = ["celery_app"]
