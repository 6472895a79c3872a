"""A real PostgreSQL server for the tests, from the machine's server binaries (Debian's
`postgresql` package; `make test` installs it when missing), on 127.0.0.1 and a free port.

PostgreSQL refuses to run as root, so as root the cluster belongs to the `postgres` user the
package creates."""
from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass

import pytest


@dataclass(frozen=True)
class Postgres:
    host: str
    port: int
    user: str

    def environment(self, database: str) -> dict[str, str]:
        """What deploy/dagster.yaml reads."""
        return {"DAGSTER_PG_HOST": self.host, "DAGSTER_PG_PORT": str(self.port), "DAGSTER_PG_USERNAME": self.user,
                "DAGSTER_PG_PASSWORD": "unused-trust-auth", "DAGSTER_PG_DB": database}

    def create_database(self, name: str) -> None:
        import psycopg2

        connection = psycopg2.connect(host=self.host, port=self.port, user=self.user, dbname="postgres")
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute(f'create database "{name}"')
        connection.close()

    def query(self, database: str, sql: str) -> list[tuple]:
        import psycopg2

        with psycopg2.connect(host=self.host, port=self.port, user=self.user, dbname=database) as connection:
            with connection.cursor() as cursor:
                cursor.execute(sql)
                return cursor.fetchall()


def server_binary(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return candidates[-1] if candidates else None


def start_postgres():
    """Yields a running server; stops it and removes its files afterwards."""
    initdb, pg_ctl = server_binary("initdb"), server_binary("pg_ctl")
    if not initdb or not pg_ctl:
        pytest.skip("PostgreSQL server binaries not found (`make test` installs Debian's postgresql; "
                    "elsewhere install PostgreSQL 15+ and put initdb/pg_ctl on PATH)")
    folder = tempfile.mkdtemp(prefix="movie-lake-pg-")
    as_postgres: list[str] = []
    if os.geteuid() == 0:
        try:
            owner = pwd.getpwnam("postgres")
        except KeyError:
            pytest.skip("running as root without a `postgres` user to own the test cluster")
        os.chown(folder, owner.pw_uid, owner.pw_gid)
        as_postgres = ["su", "postgres", "-s", "/bin/sh", "-c"]
    port = free_port()

    def run(command: str) -> None:
        argv = [*as_postgres, command] if as_postgres else ["/bin/sh", "-c", command]
        subprocess.run(argv, check=True, capture_output=True, timeout=60)

    run(f"{initdb} -D {folder}/data -A trust -U dagster --no-instructions")
    run(f"{pg_ctl} -D {folder}/data -o '-k {folder} -h 127.0.0.1 -p {port}' -l {folder}/log -w start")
    try:
        yield Postgres("127.0.0.1", port, "dagster")
    finally:
        run(f"{pg_ctl} -D {folder}/data -m fast -w stop")
        shutil.rmtree(folder, ignore_errors=True)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
