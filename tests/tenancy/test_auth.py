"""Login by e-mail, the lockout after failed attempts (django-axes), and the password reset pages."""

import re

from django.core import mail
from django.test import Client
from django.urls import reverse

from tests.conftest import PASSWORD
from tests.tenancy.factories import MembershipFactory, UserFactory

LOGIN_URL = reverse("login")


def _logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_login_page_has_email_field_reset_link_and_language_switcher(client):
    response = client.get(LOGIN_URL)
    assert response.status_code == 200
    assert b"INVALID_TEMPLATE_VARIABLE" not in response.content
    content = response.content.decode()
    assert 'type="email"' in content
    assert reverse("password_reset") in content
    assert reverse("set_language") in content
    assert 'name="language"' in content


def test_login_with_email_and_password(client):
    membership = MembershipFactory()
    response = client.post(LOGIN_URL, {"username": membership.user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response.url == reverse("inventory:home")
    assert _logged_in(client)


def test_a_wrong_password_shows_an_error(client):
    user = UserFactory()
    response = client.post(LOGIN_URL, {"username": user.email, "password": "wrong"})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert not _logged_in(client)


def test_five_failures_lock_the_account_even_for_the_right_password(client):
    user = UserFactory()
    for _ in range(5):
        client.post(LOGIN_URL, {"username": user.email, "password": "wrong-password"})
    response = client.post(LOGIN_URL, {"username": user.email, "password": PASSWORD})
    assert response.status_code == 429
    assert "registration/locked_out.html" in [t.name for t in response.templates]
    assert "try again in 15 minutes" in response.content.decode()
    assert b"INVALID_TEMPLATE_VARIABLE" not in response.content
    assert not _logged_in(client)
    # Another account from the same address is not locked.
    other = UserFactory()
    assert Client().post(LOGIN_URL, {"username": other.email, "password": PASSWORD}).status_code == 302


def test_password_reset_end_to_end(client):
    user = UserFactory(email="forgetful@example.org")
    response = client.get(reverse("password_reset"))
    assert response.status_code == 200
    response = client.post(reverse("password_reset"), {"email": "forgetful@example.org"})
    assert response.url == reverse("password_reset_done")
    assert client.get(response.url).status_code == 200
    message = mail.outbox[0]
    assert "Someone asked to reset the password of the fairfleet account for forgetful@example.org" in message.body
    link = re.search(r"http://testserver(/password-reset/\S+/)", message.body).group(1)

    response = client.get(link, follow=True)
    assert response.status_code == 200
    assert response.context["validlink"] is True
    set_password_url = response.redirect_chain[-1][0]
    new = "another-long-passphrase-77"
    response = client.post(set_password_url, {"new_password1": new, "new_password2": new})
    assert response.url == reverse("password_reset_complete")
    assert client.get(response.url).status_code == 200
    user.refresh_from_db()
    assert user.check_password(new)


def test_the_reset_email_has_our_subject(client):
    UserFactory(email="forgetful@example.org")
    client.post(reverse("password_reset"), {"email": "forgetful@example.org"})
    assert mail.outbox[0].subject == "Reset your fairfleet password"


def test_a_used_or_bad_reset_link_says_so(client):
    response = client.get(reverse("password_reset_confirm", args=["MQ", "bad-token"]))
    assert response.status_code == 200
    assert response.context["validlink"] is False
    assert "The password reset link is not valid" in response.content.decode()


def test_reset_for_an_unknown_address_sends_nothing_and_reveals_nothing(client):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.org"})
    assert response.url == reverse("password_reset_done")
    assert mail.outbox == []
