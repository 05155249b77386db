"""Who may revise the plan: the provincial office alone (pages, API and services ask here). Who sees a revision
follows who sees its subject: every target, and the tasks and key projects in the user's scope
(revisions.selectors.revision_list)."""

from agencies.permissions import is_coordinator


def can_revise_plan(user) -> bool:
    return is_coordinator(user)
