from django.shortcuts import render


def no_organisation(request):
    return render(request, "tenancy/no_organisation.html")
