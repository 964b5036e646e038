"""The REST API, version 1: one router for every app's endpoints."""

from django.urls import path  # noqa: F401

urlpatterns: list = []
