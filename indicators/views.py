from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from indicators.selectors import indicator_filterset


@login_required
def indicator_list_view(request):
    filterset = indicator_filterset(request.GET)
    return render(request, "indicators/indicator_list.html", {"filter": filterset, "indicators": filterset.qs})
