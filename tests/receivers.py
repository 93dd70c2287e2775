"""A webhook receiver on 127.0.0.1 for tests, and an endpoint pointing at it.

The fixtures are made available to every test module by tests/conftest.py.
"""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from webhooks.models import Endpoint

SECRET = "s3cret-for-tests-only-0123456789"


class Receiver(ThreadingHTTPServer):
    """Records (path, headers, body) of every POST; answers from ``plan``.

    Each entry of ``plan`` answers one request: a status code, ``"hang"``
    (no answer until the test ends) or ``"trickle"`` (a byte every 0.1 s).
    With the plan used up, it answers 200.
    """

    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), ReceiverHandler)
        self.requests = []
        self.plan = []
        self.lock = threading.Lock()
        self.released = threading.Event()

    @property
    def url(self):
        return f"http://127.0.0.1:{self.server_port}/hooks/cms?team=web"

    def answer(self, *plan):
        self.plan.extend(plan)

    def next_answer(self):
        with self.lock:
            return self.plan.pop(0) if self.plan else 200


class ReceiverHandler(BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.server.requests.append(
            {"path": self.path, "headers": dict(self.headers), "body": body}
        )
        answer = self.server.next_answer()
        try:
            if answer == "hang":
                self.server.released.wait(10)
                return
            if answer == "trickle":
                self.wfile.write(b"HTTP/1.1 200 OK\r\n")
                for _ in range(50):
                    if self.server.released.wait(0.1):
                        return
                    self.wfile.write(b"X")
                    self.wfile.flush()
                return
            if 300 <= answer < 400:
                self.send_response(answer)
                self.send_header("Location", "/somewhere-else")
            else:
                self.send_response(answer)
            reply = b"thanks" if answer < 300 else b"something broke"
            self.send_header("Content-Length", str(len(reply)))
            self.end_headers()
            self.wfile.write(reply)
        except OSError:
            # The CMS gave up waiting and closed the connection.
            pass

    def log_message(self, *args):
        pass


@pytest.fixture
def receiver():
    server = Receiver()
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    yield server
    server.released.set()
    server.shutdown()
    server.server_close()


@pytest.fixture
def endpoint(db, receiver):
    return Endpoint.objects.create(
        name="Frontend rebuild",
        url=receiver.url,
        secret=SECRET,
        events=["page.published", "page.unpublished"],
    )


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Runs what the block queued for after commit, as a real commit would."""

    def block():
        return django_capture_on_commit_callbacks(execute=True)

    return block
