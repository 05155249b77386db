"""An item's plan revisions in templates of the apps below (a task's deadline column, a target's page), which
know nothing of this app: {% load revisions %} then item|deadline_revision, item|original_deadline, …"""

from django import template

from revisions import selectors

register = template.Library()
register.filter("plan_revisions", selectors.revisions_in_order)
register.filter("deadline_revision", selectors.deadline_revision)
register.filter("original_deadline", selectors.original_deadline)
register.filter("original_target", selectors.original_target)
