from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.i18n import set_language

from fairfleet.core import views as core_views
from fairfleet.tenancy.forms import EmailAuthenticationForm, EmailPasswordResetForm

urlpatterns = [
    path(
        "login/",
        core_views.public(auth_views.LoginView.as_view(authentication_form=EmailAuthenticationForm)),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "password-reset/",
        core_views.public(auth_views.PasswordResetView.as_view(form_class=EmailPasswordResetForm)),
        name="password_reset",
    ),
    path(
        "password-reset/sent/",
        core_views.public(auth_views.PasswordResetDoneView.as_view()),
        name="password_reset_done",
    ),
    path(
        "password-reset/<uidb64>/<token>/",
        core_views.public(auth_views.PasswordResetConfirmView.as_view()),
        name="password_reset_confirm",
    ),
    path(
        "password-reset/done/",
        core_views.public(auth_views.PasswordResetCompleteView.as_view()),
        name="password_reset_complete",
    ),
    path("i18n/setlang/", core_views.public(set_language), name="set_language"),
    path("health/", core_views.health, name="health"),
    path("api/v1/", include("fairfleet.config.api_urls")),
    path("footprint/", include("fairfleet.footprint.urls")),
    path("reuse/", include("fairfleet.reuse.urls")),
    path("", include("fairfleet.inventory.urls")),
    path("", include("fairfleet.tenancy.urls")),
]
