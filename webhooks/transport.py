"""One POST to a receiver, within a time limit, to an address already checked.

``http.client`` rather than a higher-level client: it never follows
redirects, and its ``connect`` can be pointed at the address that
``addresses.resolve`` approved while the Host header and the TLS
certificate check still use the host name.
"""

import http.client
import re
import socket
import ssl
import threading
import time
from dataclasses import dataclass

from .addresses import Problem

# Enough of an answer to show why it failed; the rest is not read.
MAX_READ = 2048
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f]+")


class SendError(Problem):
    """The request got no answer; ``message`` says why in a short sentence."""


@dataclass(frozen=True)
class Answer:
    status: int
    reason: str
    text: str
    location: str


def tidy(text, limit=200):
    """Text from a receiver made safe to log: one line, printable, short."""
    text = " ".join(_UNPRINTABLE.sub(" ", text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


class _Connection(http.client.HTTPConnection):
    """Connects to the approved addresses, in order, before a deadline."""

    def __init__(self, target, addresses, deadline, tls=None):
        super().__init__(target.host, target.port, timeout=deadline - time.monotonic())
        self.addresses = addresses
        self.deadline = deadline
        self.tls = tls

    def connect(self):
        error = OSError("no address to connect to")
        for address in self.addresses:
            remaining = self.deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError("timed out")
            try:
                sock = socket.create_connection((address, self.port), remaining)
                break
            except OSError as exc:
                error = exc
        else:
            raise error
        if self.tls is not None:
            sock = self.tls.wrap_socket(sock, server_hostname=self.host)
        sock.settimeout(max(self.deadline - time.monotonic(), 0.001))
        self.sock = sock


def post(target, addresses, body, headers, timeout):
    """POST ``body`` to ``target``; the answer, or SendError.

    ``timeout`` bounds the whole exchange: a receiver that trickles its answer
    a byte at a time is cut off too, so a slow receiver cannot hold up the
    worker that also runs imports and index updates.
    """
    deadline = time.monotonic() + timeout
    tls = ssl.create_default_context() if target.scheme == "https" else None
    connection = _Connection(target, addresses, deadline, tls)
    expired = threading.Event()

    def expire():
        expired.set()
        if connection.sock is not None:
            try:
                connection.sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    watchdog = threading.Timer(timeout, expire)
    watchdog.daemon = True
    watchdog.start()
    try:
        connection.request("POST", target.path, body=body, headers=headers)
        response = connection.getresponse()
        text = response.read(MAX_READ).decode("utf-8", "replace")
        if expired.is_set():
            # Cut off mid-answer: what was read may look complete but is not.
            raise SendError(_timed_out(timeout))
        return Answer(
            status=response.status,
            reason=tidy(response.reason or "", 60),
            text=tidy(text),
            location=tidy(response.getheader("Location") or "", 100),
        )
    except TimeoutError as exc:
        raise SendError(_timed_out(timeout)) from exc
    except ssl.SSLError as exc:
        raise SendError(
            f"Secure connection failed: {tidy(exc.reason or str(exc), 100)}."
        ) from exc
    except (OSError, http.client.HTTPException) as exc:
        if expired.is_set():
            raise SendError(_timed_out(timeout)) from exc
        if isinstance(exc, http.client.HTTPException):
            raise SendError(
                "The receiver closed the connection without an answer."
            ) from exc
        reason = tidy(exc.strerror or str(exc) or type(exc).__name__, 100)
        raise SendError(f"Could not connect: {reason}.") from exc
    finally:
        watchdog.cancel()
        connection.close()


def _timed_out(timeout):
    return f"No answer within {timeout:g} seconds."
