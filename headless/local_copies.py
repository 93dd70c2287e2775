"""This process's copies of chosen Redis keys, dropped when Redis says they changed.

A cached API answer needs the content versions and the answer itself, which
live in Redis: one round trip per hit, most of what a hit costs. Keys read on
every request and written rarely are worth keeping in the process instead.
Redis's client-side caching support (``CLIENT TRACKING … BCAST``, over RESP3)
tells a listening connection of every change to a key under the tracked
prefixes, by any client; a daemon thread per process holds that connection
and drops the copies the moment a change is announced.

Nothing is served from a copy unless the listener is connected: before it
has switched tracking on, after its connection fails, and until it is back,
every read goes to Redis. A value read from Redis is kept only if no
announcement arrived while it was being read (:attr:`LocalCopies.generation`
moves on with each), so a change cannot slip in between. Each copy is also
kept at most ``MAX_AGE`` seconds: if announcements ever stopped arriving
without the connection failing, a copy still could not outlive that. The
process that writes a key drops its own copy as it writes, so it never
reads its old value back.
"""

import logging
import os
import threading
import time
from collections import OrderedDict

import redis
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

# How long a copy may be served without Redis saying anything about it.
MAX_AGE = 1.0
# The listener's check that its connection is alive, and its wait between
# attempts to reconnect.
PING_EVERY = 0.5
RETRY_AFTER = 1.0

ABSENT = object()  # a key Redis does not hold, remembered as such


class LocalCopies:
    """Copies of the keys under ``prefixes`` (full Redis keys), at most ``size``."""

    def __init__(self, url, prefixes, size=1000):
        self.url = url
        self.prefixes = tuple(prefixes)
        self.size = size
        self.lock = threading.Lock()
        self.entries = OrderedDict()
        self.generation = 0
        self.live = False
        self.pid = None
        self.stopping = threading.Event()

    def tracks(self, key):
        return key.startswith(self.prefixes)

    # Reading and writing ------------------------------------------------------

    def lookup(self, keys):
        """({key: value} of fresh copies, generation) — values may be ABSENT.

        Nothing is found while the listener is not connected.
        """
        self._ensure_listening()
        found = {}
        with self.lock:
            if not self.live:
                return found, None
            oldest = time.monotonic() - MAX_AGE
            for key in keys:
                entry = self.entries.get(key)
                if entry is None:
                    continue
                value, stored_at = entry
                if stored_at < oldest:
                    del self.entries[key]
                    continue
                self.entries.move_to_end(key)
                found[key] = value
            return found, self.generation

    def keep(self, values, generation):
        """Keep values read from Redis, unless a change was announced since."""
        if generation is None:
            return
        now = time.monotonic()
        with self.lock:
            if not self.live or generation != self.generation:
                return
            for key, value in values.items():
                self.entries[key] = (value, now)
                self.entries.move_to_end(key)
            while len(self.entries) > self.size:
                self.entries.popitem(last=False)

    def forget(self, keys=None):
        """Drop copies of ``keys`` (all, with None): this process changed them."""
        with self.lock:
            self.generation += 1
            if keys is None:
                self.entries.clear()
            else:
                for key in keys:
                    self.entries.pop(key, None)

    # The listener ---------------------------------------------------------------

    def _ensure_listening(self):
        # Started lazily, and again in a forked child (a gunicorn worker):
        # threads do not survive a fork.
        if self.pid == os.getpid():
            return
        with self.lock:
            if self.pid == os.getpid():
                return
            self.pid = os.getpid()
            self.live = False
            self.entries.clear()
            self.generation += 1
            self.stopping = threading.Event()
        thread = threading.Thread(
            target=self._listen, name="redis-invalidations", daemon=True
        )
        thread.start()

    def _invalidated(self, message):
        keys = message[1] if len(message) > 1 else None
        if keys is None:  # FLUSHDB / FLUSHALL
            self.forget()
        else:
            self.forget([k.decode() if isinstance(k, bytes) else k for k in keys])

    def _lost(self):
        with self.lock:
            self.live = False
            self.generation += 1
            self.entries.clear()

    def _listen(self):
        stopping = self.stopping
        while not stopping.is_set():
            connection = None
            try:
                client = redis.Redis.from_url(
                    self.url,
                    protocol=3,
                    socket_connect_timeout=RETRY_AFTER,
                    socket_timeout=PING_EVERY * 2,
                )
                connection = client.connection_pool.get_connection()
                connection._parser.set_invalidation_push_handler(self._invalidated)
                prefixes = [part for p in self.prefixes for part in ("PREFIX", p)]
                connection.send_command("CLIENT", "TRACKING", "ON", "BCAST", *prefixes)
                connection.read_response()
                with self.lock:
                    self.generation += 1
                    self.entries.clear()
                    self.live = True
                waiting_for_pong = False
                while not stopping.is_set():
                    # Blocks until Redis sends something: an announcement is
                    # handled (by _invalidated) the moment it arrives.
                    if connection.can_read(timeout=PING_EVERY):
                        reply = connection.read_response(push_request=True)
                        if reply in (b"PONG", "PONG"):
                            waiting_for_pong = False
                    elif waiting_for_pong:
                        raise RedisError("no answer to PING")
                    else:
                        # Quiet for a while: make sure the connection is alive.
                        connection.send_command("PING")
                        waiting_for_pong = True
            except (RedisError, OSError) as exc:
                if self.live:
                    logger.warning("Lost Redis invalidations, reading Redis: %s", exc)
                self._lost()
                stopping.wait(RETRY_AFTER)
            finally:
                if connection is not None:
                    connection.disconnect()
        self._lost()

    def stop(self):
        """Stop listening (tests); reads go to Redis from now on."""
        self.stopping.set()
        self._lost()
