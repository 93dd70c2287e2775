"""A streaming replica of the suite's PostgreSQL, for the read replica tests.

``pg_basebackup -R`` copies the whole cluster that holds the test database into
a temporary directory, and ``pg_ctl`` starts the copy as a hot standby on a
free port, streaming from the primary: the test database is in the copy, and
everything the tests commit to it follows. That takes the primary on this
machine, its server binaries (``/usr/lib/postgresql/<major>/bin``) and root, to
run them as the ``postgres`` user. CI has all three; elsewhere the tests skip
with the reason, unless ``REQUIRE_REPLICA`` is set while the suite runs on
PostgreSQL: then they fail.

One change is made outside the temporary directory: when the primary's
``pg_hba.conf`` has no ``host replication all 127.0.0.1/32 trust`` line, it is
appended and the primary's configuration reloaded, so that ``pg_basebackup``
and the standby may connect.
"""

import os
import pwd
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import psycopg
import pytest
from django.db import connections

from .servers import free_port

HOST = "127.0.0.1"
OWNER = "postgres"
REPLICATION_RULE = "host replication all 127.0.0.1/32 trust"
LOCAL_HOSTS = ("", "localhost", "127.0.0.1")
STARTUP_TIMEOUT = 120
# Settings a hot standby must hold at no less than the primary's values.
MATCHED_SETTINGS = (
    "max_connections",
    "max_worker_processes",
    "max_wal_senders",
    "max_prepared_transactions",
    "max_locks_per_transaction",
)


def required():
    return bool(os.environ.get("REQUIRE_REPLICA"))


def uses_postgresql():
    return connections["default"].vendor == "postgresql"


def skip_or_fail(reason):
    """Skip with ``reason``; fail instead where CI requires a replica on PostgreSQL."""
    if required() and uses_postgresql():
        pytest.fail(f"REQUIRE_REPLICA is set, but {reason}")
    pytest.skip(reason)


def primary_settings():
    """Where the primary holding the test database listens, for psycopg."""
    db = connections["default"].settings_dict
    return {
        "host": db["HOST"] or HOST,
        "port": int(db["PORT"] or 5432),
        "user": db["USER"] or OWNER,
        "password": db["PASSWORD"] or None,
        "dbname": db["NAME"],
    }


def connect(port=None, **overrides):
    """An autocommit connection to the primary, or to the server on ``port``."""
    params = {**primary_settings(), **overrides}
    if port is not None:
        params.update(host=HOST, port=port)
    return psycopg.connect(autocommit=True, connect_timeout=5, **params)


def query(sql, params=None, port=None):
    """Run ``sql`` on the primary (or the server on ``port``); its first row if any."""
    with connect(port) as conn:
        cursor = conn.execute(sql, params)
        return cursor.fetchone() if cursor.description else None


def why_not():
    """Why no replica can be made here, or None; and the primary's facts if it can."""
    if not uses_postgresql():
        return (
            "a read replica needs the suite on PostgreSQL (DATABASE_URL=postgres://…)"
        ), None
    primary = primary_settings()
    if primary["host"] not in LOCAL_HOSTS:
        return f"the primary at {primary['host']} is not on this machine", None
    if os.geteuid() != 0:
        return (
            "making a replica runs PostgreSQL's tools as the postgres user, "
            "which needs root"
        ), None
    try:
        pwd.getpwnam(OWNER)
    except KeyError:
        return f"there is no {OWNER} user", None
    if not shutil.which("runuser"):
        return "runuser is not installed", None
    with connect() as conn:
        facts = {
            name: conn.execute(f"SHOW {name}").fetchone()[0]
            for name in ("server_version_num", "wal_level", "hba_file")
            + MATCHED_SETTINGS
        }
    major = int(facts["server_version_num"]) // 10000
    if major < 10:
        return "the primary is older than PostgreSQL 10", None
    if facts["wal_level"] == "minimal":
        return "the primary's wal_level is minimal: nothing to stream", None
    bin_dir = Path(f"/usr/lib/postgresql/{major}/bin")
    if not (bin_dir / "pg_ctl").exists() or not (bin_dir / "pg_basebackup").exists():
        return f"PostgreSQL {major}'s server binaries are not in {bin_dir}", None
    if not os.access(facts["hba_file"], os.R_OK | os.W_OK):
        return f"the primary's {facts['hba_file']} cannot be edited here", None
    return None, {**facts, "bin_dir": bin_dir, "major": major}


def allow_replication(hba_file):
    """Let local connections replicate from the primary, if nothing lets them yet."""
    path = Path(hba_file)
    lines = path.read_text().splitlines()
    if any(line.split() == REPLICATION_RULE.split() for line in lines):
        return
    with path.open("a") as hba:
        hba.write(
            "\n# Added by the CMS's read replica tests (tests/replica_cluster.py)\n"
            f"{REPLICATION_RULE}\n"
        )
    query("SELECT pg_reload_conf()")
    # The postmaster rereads the file on the signal, a moment later.
    time.sleep(0.5)


def as_owner(*command, cwd, check=True, timeout=STARTUP_TIMEOUT):
    """Run ``command`` as the postgres user; raise with its output if it fails."""
    result = subprocess.run(
        ["runuser", "-u", OWNER, "--", *map(str, command)],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if check and result.returncode != 0:
        raise RuntimeError(
            f"{' '.join(map(str, command))} failed:\n{result.stdout}{result.stderr}"
        )
    return result


class ReplicaCluster:
    """A hot standby of the primary, in a temporary directory, on its own port."""

    def __init__(self, facts):
        self.facts = facts
        self.bin_dir = facts["bin_dir"]
        self.base = Path(tempfile.mkdtemp(prefix="glossary-replica-"))
        owner = pwd.getpwnam(OWNER)
        os.chown(self.base, owner.pw_uid, owner.pw_gid)
        self.data = self.base / "data"
        self.log = self.base / "postgresql.log"
        self.port = free_port()

    # Making and running it ---------------------------------------------------

    def create(self):
        primary = primary_settings()
        env_password = (
            ["env", f"PGPASSWORD={primary['password']}"] if primary["password"] else []
        )
        as_owner(
            *env_password,
            self.bin_dir / "pg_basebackup",
            *("-D", self.data),
            *("-h", HOST, "-p", primary["port"], "-U", primary["user"]),
            # Writes the standby's primary_conninfo and standby.signal.
            "-R",
            *("-X", "stream", "--checkpoint=fast"),
            cwd=self.base,
        )
        # Debian keeps the configuration outside the data directory, so the
        # copy has none of its own.
        matched = "".join(f"{name} = {self.facts[name]}\n" for name in MATCHED_SETTINGS)
        self._write(
            "postgresql.conf",
            f"port = {self.port}\n"
            f"listen_addresses = '{HOST}'\n"
            f"unix_socket_directories = '{self.base}'\n"
            "hot_standby = on\n"
            "shared_buffers = 32MB\n"
            # A copy thrown away after the tests: no need to survive a crash.
            "fsync = off\n" + matched,
        )
        self._write(
            "pg_hba.conf",
            f"local all all trust\nhost all all {HOST}/32 trust\n",
        )

    def _write(self, name, text):
        path = self.data / name
        path.write_text(text)
        owner = pwd.getpwnam(OWNER)
        os.chown(path, owner.pw_uid, owner.pw_gid)
        path.chmod(0o600)

    def start(self):
        as_owner(
            self.bin_dir / "pg_ctl",
            *("-D", self.data, "-l", self.log),
            # Over any port the primary set with ALTER SYSTEM, copied along.
            *("-o", f"-p {self.port}"),
            *("-w", "-t", STARTUP_TIMEOUT),
            "start",
            cwd=self.base,
            timeout=STARTUP_TIMEOUT + 10,
        )
        self.wait_until_replayed(self.primary_position())

    def stop(self, mode="fast"):
        as_owner(
            self.bin_dir / "pg_ctl",
            *("-D", self.data, "-m", mode, "-w"),
            "stop",
            cwd=self.base,
            check=False,
        )

    def remove(self):
        self.stop("immediate")
        shutil.rmtree(self.base, ignore_errors=True)

    def output(self):
        try:
            return self.log.read_text(errors="replace")
        except OSError:
            return ""

    # Where it stands ----------------------------------------------------------

    def alias_settings(self, alias_settings):
        """The ``replica`` alias's settings: the test database, on this server."""
        return {**alias_settings, "HOST": HOST, "PORT": str(self.port)}

    def url(self):
        primary = primary_settings()
        return f"postgres://{primary['user']}@{HOST}:{self.port}/{primary['dbname']}"

    @staticmethod
    def primary_position():
        return int(query("SELECT pg_current_wal_lsn() - '0/0'::pg_lsn")[0])

    def replayed(self):
        sql = "SELECT pg_last_wal_replay_lsn() - '0/0'::pg_lsn"
        return int(query(sql, port=self.port)[0])

    def wait_until_replayed(self, position, timeout=30):
        """Wait until the replica has replayed the primary's WAL up to ``position``."""
        deadline = time.monotonic() + timeout
        last = None
        while time.monotonic() < deadline:
            try:
                last = self.replayed()
            except psycopg.Error as error:
                last = repr(error)
            else:
                if last >= position:
                    return
            time.sleep(0.05)
        raise AssertionError(
            f"the replica did not replay up to {position} within {timeout} s "
            f"(last: {last}):\n{self.output()[-4000:]}"
        )

    def catch_up(self):
        """Wait until the replica has everything the primary has committed so far."""
        self.wait_until_replayed(self.primary_position())

    # Holding it back ----------------------------------------------------------

    def pause(self):
        """Stop replaying: from now on the replica keeps what it has, however old.

        A pause request is honoured before the next record is replayed; a
        transaction committed on the primary makes sure there is one, so that
        once the replica says "paused" nothing later reaches its tables.
        """
        with connect(self.port) as replica:
            replica.execute("SELECT pg_wal_replay_pause()")
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:
                query("SELECT txid_current()")
                if self.facts["major"] < 14:
                    time.sleep(0.5)
                    return
                state = replica.execute("SELECT pg_get_wal_replay_pause_state()")
                if state.fetchone()[0] == "paused":
                    return
                time.sleep(0.05)
        raise AssertionError("the replica did not pause replaying within 30 s")

    def resume(self):
        with connect(self.port) as replica:
            replica.execute("SELECT pg_wal_replay_resume()")


def start_replica():
    """A replica of the primary, streaming and caught up; or skip with the reason."""
    reason, facts = why_not()
    if reason:
        skip_or_fail(reason)
    allow_replication(facts["hba_file"])
    cluster = ReplicaCluster(facts)
    try:
        cluster.create()
        cluster.start()
    except (RuntimeError, AssertionError, subprocess.TimeoutExpired) as error:
        output = cluster.output()
        cluster.remove()
        pytest.fail(f"could not start a replica: {error}\n{output[-4000:]}")
    return cluster
