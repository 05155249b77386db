"""Pages of one subject (a task, key project or target) that apps above the subject's own app add to.

The subject's app renders the page and knows nothing of those apps; each contributes a Panel: what it adds to the
page's context, and the POST actions (the form's `action` field) it answers. The URL configuration in
yunnan_emergency/urls.py, which sees every app, hands each page its panels."""


class Panel:
    actions: tuple[str, ...] = ()

    def context(self, request, subject) -> dict:
        """What the panel shows on a GET (and around a refused POST)."""
        return {}

    def post(self, request, subject) -> tuple[dict, int]:
        """Answer one of `actions`: (context that replaces the panel's defaults, e.g. a form with its errors;
        HTTP status, 302 when saved and the page should be fetched again). A panel that only shows (no actions)
        is never asked; were it asked, the action is not one it answers."""
        return {}, 400


def panels_post(request, subject, panels) -> tuple[dict, int]:
    """Hand a POST to the panel that answers its action; 400 when none does."""
    action = request.POST.get("action")
    for panel in panels:
        if action in panel.actions:
            return panel.post(request, subject)
    return {}, 400


def panels_context(request, subject, panels, posted: dict) -> dict:
    context = {}
    for panel in panels:
        context |= panel.context(request, subject)
    return context | posted
