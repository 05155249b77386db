from django.core.paginator import Page, Paginator


def paginate(request, queryset, per_page: int = 25) -> Page:
    """One page of a list; a page number that is out of range or not a number shows the nearest page."""
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))
