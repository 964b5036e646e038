"""A mail server that refuses one address (the outside world, so a test double is fair)."""

from django.core import mail
from django.core.mail.backends.locmem import EmailBackend

REFUSED = "refused@example.org"


class RefusingBackend(EmailBackend):
    def send_messages(self, messages):
        for message in messages:
            if REFUSED in message.recipients():
                raise OSError(f"550 mailbox unavailable: {REFUSED}")
        return super().send_messages(messages)


def sent_to() -> list[str]:
    return sorted(address for message in mail.outbox for address in message.to)
