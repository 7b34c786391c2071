"""A real SMTP server for tests (aiosmtpd on a free local port), collecting what it
receives."""

import email
import email.policy
import socket
import threading
import time

from aiosmtpd.controller import Controller


class Collector:
    def __init__(self):
        self.messages = []
        self.arrived = threading.Condition()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        parsed = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self.arrived:
            self.messages.append(
                {
                    "mailfrom": envelope.mail_from,
                    "rcpttos": list(envelope.rcpt_tos),
                    "subject": str(parsed["subject"]),
                    "data": parsed.get_body(("plain",)).get_content(),
                }
            )
            self.arrived.notify_all()
        return "250 Message accepted for delivery"


def free_port():
    # aiosmtpd's controller checks it started by connecting to its port: it needs a
    # real one, not 0.
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class SMTPServer:
    def __init__(self):
        self.collector = Collector()
        self.hostname, self.port = "127.0.0.1", free_port()
        self.controller = Controller(self.collector, hostname=self.hostname, port=self.port)

    def start(self):
        self.controller.start()
        return self

    def stop(self):
        self.controller.stop()

    @property
    def messages(self):
        return list(self.collector.messages)

    def wait_for(self, count, timeout=10):
        """The messages received, once there are at least `count` (or the timeout)."""
        deadline = time.monotonic() + timeout
        with self.collector.arrived:
            while len(self.collector.messages) < count:
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                self.collector.arrived.wait(left)
        return self.messages
