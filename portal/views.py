from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from tasks.selectors import plan_overview


@login_required
def home(request):
    return render(request, "portal/home.html", plan_overview())
