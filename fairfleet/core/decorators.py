"""Gates for views: a current organisation, then a permission predicate on the membership."""

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect


def organisation_required(predicate=None):
    """The view needs a current organisation; `predicate(membership)` must hold, or 403."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.membership is None:
                return redirect("tenancy:no_organisation")
            if predicate is not None and not predicate(request.membership):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
