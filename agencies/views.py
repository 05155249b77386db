from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from agencies.selectors import agency_list


@login_required
def agency_list_view(request):
    return render(request, "agencies/agency_list.html", {"agencies": agency_list()})
