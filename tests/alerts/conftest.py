import email
import email.policy
import socket
import threading

import pytest
from aiosmtpd.controller import Controller

from tests.releases.conftest import publisher_client, staff  # noqa: F401 (fixtures)


class Inbox:
    """What a real SMTP server (aiosmtpd, on a free local port) received."""

    def __init__(self):
        self.messages = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        parsed = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self.lock:
            self.messages.append((list(envelope.rcpt_tos), parsed))
        return "250 OK"

    def to(self, address):
        return [m for rcpts, m in self.messages if address in rcpts]

    def recipients(self):
        return sorted(r for rcpts, _m in self.messages for r in rcpts)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp_server():
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    inbox.port = controller.port
    yield inbox
    controller.stop()


@pytest.fixture
def smtp(settings, smtp_server):
    """Django sends to the real SMTP server of smtp_server."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = smtp_server.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.SITE_URL = "https://news.example.org"
    return smtp_server


@pytest.fixture(autouse=True)
def _eager_propagates():
    from osce_site.celery import app

    before = app.conf.task_eager_propagates
    app.conf.task_eager_propagates = True
    yield
    app.conf.task_eager_propagates = before


def text_of(message):
    return message.get_body(preferencelist=("plain",)).get_content()


def html_of(message):
    return message.get_body(preferencelist=("html",)).get_content()
