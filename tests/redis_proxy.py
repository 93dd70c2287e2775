"""A TCP proxy in front of Redis that a test can make refuse or stall connections.

It runs in a process of its own (and imports nothing from Django), so the
threads serving requests in the test process cannot slow it down.
"""

import multiprocessing
import selectors
import socket
import struct
import threading

REDIS_HOST, REDIS_PORT = "127.0.0.1", 6379

MODES = {"pass": 0, "refuse": 1, "stall": 2}


class RedisProxy:
    """Forwards to Redis, or refuses (``refuse``) or holds (``stall``) connections.

    It runs in a process of its own, so the threads serving requests here
    cannot slow it down.
    """

    def __init__(self):
        context = multiprocessing.get_context("spawn")
        self._mode = context.Value("i", MODES["pass"])
        listener = socket.create_server(("127.0.0.1", 0))
        self.port = listener.getsockname()[1]
        self.process = context.Process(
            target=_serve, args=(listener, self._mode), daemon=True
        )
        self.process.start()
        listener.close()

    @property
    def mode(self):
        return next(name for name, value in MODES.items() if value == self._mode.value)

    @mode.setter
    def mode(self, name):
        self._mode.value = MODES[name]

    def close(self):
        self.process.kill()
        self.process.join()


def _serve(listener, mode):
    held = []
    while True:
        client, _addr = listener.accept()
        if mode.value == MODES["refuse"]:
            # Close with a reset, as a closed port or a dying server does.
            client.setsockopt(
                socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0)
            )
            client.close()
        elif mode.value == MODES["stall"]:
            held.append(client)  # accepted, never answered
        else:
            threading.Thread(target=_pipe, args=(client, mode), daemon=True).start()


def _pipe(client, mode):
    upstream = socket.create_connection((REDIS_HOST, REDIS_PORT))
    selector = selectors.DefaultSelector()
    selector.register(client, selectors.EVENT_READ, upstream)
    selector.register(upstream, selectors.EVENT_READ, client)
    try:
        while mode.value != MODES["refuse"]:
            for key, _events in selector.select(timeout=0.05):
                if mode.value == MODES["stall"]:
                    continue  # hold what arrives, as a stalled server does
                data = key.fileobj.recv(65536)
                if not data:
                    return
                key.data.sendall(data)
    except OSError:
        return
    finally:
        client.close()
        upstream.close()
