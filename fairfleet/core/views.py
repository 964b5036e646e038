from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import JsonResponse


def public(view):
    """Mark a view as open to visitors who are not logged in (login pages, language switch)."""
    return login_not_required(view)


@login_not_required
def health(request):
    """For load balancers: answers 200 when the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
