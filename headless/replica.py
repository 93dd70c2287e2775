"""Public API reads from a PostgreSQL read replica; everything else from the primary.

With ``DATABASE_REPLICA_URL`` set, the settings add the database alias
``replica`` and :class:`ReplicaRouter`. Reads go to the replica only inside a
public API request (:class:`PublicReadsMiddleware`): ``GET`` or ``HEAD`` under
``/api/glossary/`` or ``/api/v2/``, draft previews excepted, from a client
without a session cookie, since a signed-in editor's answer may depend on what
they have just saved. The admin, previews, management commands, tasks,
migrations and every write use the primary.

A replica trails the primary by the time it takes to replay what the primary
wrote. Readers are kept from seeing that in two ways:

- after each commit that wrote, this process notes the primary's WAL position,
  and its public requests read the replica only once the replica has replayed
  that far, checked once per request, on its first read; until then they read
  the primary. A server never answers from before its own last write.
- :func:`require` names a position the current request's answer must include,
  such as the one the response cache took when the content last changed.

A replica that cannot be reached costs a warning, not an error: the request
reads the primary, and the replica is left alone for ``RETRY_AFTER`` seconds.
"""

import logging
import math
import re
import threading
import time
from contextlib import contextmanager
from contextvars import ContextVar
from functools import partial

from django.conf import settings
from django.core.exceptions import MiddlewareNotUsed
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.db.backends.signals import connection_created

logger = logging.getLogger(__name__)

PRIMARY = DEFAULT_DB_ALIAS
REPLICA = "replica"

# Seconds a process leaves an unreachable replica alone before trying again.
RETRY_AFTER = 1.0

PUBLIC_PREFIXES = ("/api/glossary/", "/api/v2/")
# A preview opens a draft the editor saved a moment ago, on the primary.
PRIVATE_PREFIXES = ("/api/v2/page_preview/",)
READ_METHODS = ("GET", "HEAD")

# Statements that change rows, raw SQL (treebeard's tree updates) included.
# Reads must never match: a read counted as a write would hold this process's
# next requests on the primary.
WRITE_STATEMENT = re.compile(
    r"\s*(?:(?:INSERT|UPDATE|DELETE|MERGE|TRUNCATE|CREATE|ALTER|DROP|COPY)\b"
    r"|WITH\b.*\b(?:INSERT|UPDATE|DELETE|MERGE)\b)",
    re.IGNORECASE | re.DOTALL,
)

# WAL positions as byte offsets (numeric), comparable as ints. The write
# position covers every commit that has returned: a commit waits for its WAL
# to be written and flushed (synchronous_commit, on by default).
PRIMARY_POSITION_SQL = "SELECT pg_current_wal_lsn() - '0/0'::pg_lsn"
# NULL on a server that is not replaying: a primary, which has everything.
REPLAYED_SQL = "SELECT pg_last_wal_replay_lsn() - '0/0'::pg_lsn"


def enabled():
    """Whether a replica is configured, with PostgreSQL on both sides."""
    return REPLICA in settings.DATABASES and all(
        connections[alias].vendor == "postgresql" for alias in (PRIMARY, REPLICA)
    )


def wal_position():
    """The primary's current WAL position, or None without a replica.

    Take it after the change it stands for has committed: a position read
    inside the transaction comes before the transaction's own commit.
    """
    if not enabled():
        return None
    connection = connections[PRIMARY]
    _watch(connection)
    return _position(connection, PRIMARY_POSITION_SQL)


def require(position):
    """Within the current public request, read the replica only if it has ``position``.

    Combined with this process's own last write (the later of the two counts).
    Call it before the request's first read: the replica's position is read
    once, on that read, and a later requirement beyond it sends the rest of
    the request's reads to the primary. Outside a public request, or with
    ``position`` None, it does nothing.
    """
    reads = _reads.get()
    if reads is None or not position:
        return
    reads.required = max(reads.required, position)
    if reads.alias == REPLICA and reads.replayed < reads.required:
        reads.alias = PRIMARY


def is_public_read(request):
    """A public API read: the same answer for everyone, so any copy may give it."""
    path = request.path_info
    return (
        request.method in READ_METHODS
        and path.startswith(PUBLIC_PREFIXES)
        and not path.startswith(PRIVATE_PREFIXES)
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
    )


@contextmanager
def public_reads():
    """Route the reads in this block as a public API request's.

    They go to the replica when it is reachable and has replayed everything
    required (this process's last write, :func:`require`), else to the primary.
    """
    token = _reads.set(_Reads() if enabled() else None)
    try:
        yield
    finally:
        _reads.reset(token)


class ReplicaRouter:
    """Public API reads to the replica when it can answer them; the rest to the primary.

    Anything outside :func:`public_reads` goes to the primary explicitly, even
    for objects loaded from the replica, which Django would otherwise follow.
    """

    def db_for_read(self, model, **hints):
        reads = _reads.get()
        if reads is None:
            return PRIMARY
        return reads.alias or reads.choose()

    def db_for_write(self, model, **hints):
        # A connection opened before this module was loaded has no watcher yet.
        _watch(connections[PRIMARY])
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        # Both aliases hold the same rows.
        if {obj1._state.db, obj2._state.db} <= {PRIMARY, REPLICA}:
            return True
        return None

    def allow_migrate(self, db, app_label, **hints):
        # The replica receives the primary's schema through replication.
        return db == PRIMARY


class PublicReadsMiddleware:
    """Marks public API reads (:func:`is_public_read`) for :class:`ReplicaRouter`.

    Goes before any middleware that reads the database or calls :func:`require`.
    """

    def __init__(self, get_response):
        if not enabled():
            raise MiddlewareNotUsed("no read replica is configured")
        self.get_response = get_response

    def __call__(self, request):
        if not is_public_read(request):
            return self.get_response(request)
        with public_reads():
            return self.get_response(request)


# Internals -----------------------------------------------------------------

_reads = ContextVar("replica_reads", default=None)


class _Process:
    """What this process's threads share: its last write, the replica's health."""

    def __init__(self):
        self.lock = threading.Lock()
        self.last_write = 0
        self.lost = False
        self.retry_at = 0.0

    def wrote(self, position):
        with self.lock:
            self.last_write = max(self.last_write, position)

    def may_try_replica(self):
        """False while a lost replica is left alone; then True once a second."""
        if not self.lost:
            return True
        with self.lock:
            now = time.monotonic()
            if now < self.retry_at:
                return False
            self.retry_at = now + RETRY_AFTER
            return True

    def replica_failed(self, exc):
        with self.lock:
            first = not self.lost
            self.lost = True
            self.retry_at = time.monotonic() + RETRY_AFTER
        if first:
            logger.warning("Read replica unusable, reading the primary: %s", exc)

    def replica_answered(self):
        if self.lost:
            with self.lock:
                self.lost = False
            logger.warning("Read replica reachable again")


_process = _Process()


class _Reads:
    """One public request's reads: what they must include, and where they go."""

    def __init__(self):
        self.required = 0
        self.alias = None
        self.replayed = 0

    def choose(self):
        """The alias for this request's reads, decided on its first read."""
        replayed = _replica_replayed()
        needed = max(self.required, _process.last_write)
        if replayed is not None and replayed >= needed:
            self.alias, self.replayed = REPLICA, replayed
        else:
            self.alias = PRIMARY
        return self.alias


def _replica_replayed():
    """How far the replica has replayed the primary's WAL, or None if it cannot answer.

    This one query per request doubles as the health check: a replica that
    went away since the last request fails here, before any of the request's
    own reads.
    """
    if not _process.may_try_replica():
        return None
    replica = connections[REPLICA]
    try:
        replayed = _position(replica, REPLAYED_SQL)
    # Whatever goes wrong with the replica (refused, timed out, broken, not
    # PostgreSQL after all), the primary can answer.
    except Exception as exc:
        _process.replica_failed(exc)
        try:
            replica.close()
        except Exception:  # a broken connection may fail to close as well
            pass
        return None
    _process.replica_answered()
    return math.inf if replayed is None else replayed


def _position(connection, sql):
    with connection.cursor() as cursor:
        cursor.execute(sql)
        (position,) = cursor.fetchone()
    return None if position is None else int(position)


class _WriteWatcher:
    """Notes writes on one primary connection, and their WAL position on commit."""

    def __init__(self):
        self.unrecorded = False

    def __call__(self, execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        if (not isinstance(sql, str) or WRITE_STATEMENT.match(sql)) and enabled():
            reads = _reads.get()
            if reads is not None:
                # A public request that wrote reads the rest of its answer
                # where the write is, committed or not.
                reads.alias = PRIMARY
            self.unrecorded = True
            connection = context["connection"]
            if connection.in_atomic_block or connection.get_autocommit():
                # Runs at once in autocommit mode, else after the outermost
                # commit; dropped with a rolled-back savepoint, so each write
                # asks again and the first surviving call records.
                connection.on_commit(partial(self.record, connection))
            else:
                # Manual transaction management: no commit to wait for.
                self.record(connection)
        return result

    def record(self, connection):
        if not self.unrecorded:
            return
        self.unrecorded = False
        try:
            position = _position(connection, PRIMARY_POSITION_SQL)
        except DatabaseError as exc:
            logger.warning("Could not read the primary's WAL position: %s", exc)
            return
        _process.wrote(position)


def _watch(connection):
    """Give a primary connection a write watcher, once."""
    if not enabled() or any(
        isinstance(wrapper, _WriteWatcher) for wrapper in connection.execute_wrappers
    ):
        return
    # First, so the outermost: a temporary wrapper pushed with
    # connection.execute_wrapper() pops its own entry, not this one.
    connection.execute_wrappers.insert(0, _WriteWatcher())


def _watch_new_connection(sender, connection, **kwargs):
    if connection.alias == PRIMARY:
        _watch(connection)


connection_created.connect(_watch_new_connection, dispatch_uid="headless.replica")
