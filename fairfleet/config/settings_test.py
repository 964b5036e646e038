"""Test settings: the production settings with a throwaway key, fast hashing and plain static files."""

import os

os.environ.setdefault("FAIRFLEET_ALLOW_DEV_KEY", "1")
os.environ.setdefault("FAIRFLEET_MANIFEST_STATIC", "0")
os.environ.setdefault("FAIRFLEET_VAR_DIR", os.path.join(os.path.dirname(__file__), "..", "..", "var", "test"))

from fairfleet.config.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


class UnknownTemplateVariable(str):
    """Unknown template variables fail the tests instead of rendering as empty strings."""

    def __mod__(self, name):
        raise AssertionError(f"Unknown template variable: {name}")


TEMPLATES[0]["OPTIONS"]["string_if_invalid"] = UnknownTemplateVariable("%s")  # noqa: F405
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405  (WhiteNoise warns when it is missing)

# Background tasks run at once, inside the test.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
