"""Both backends name a failure's cause alike, so replies and /healthz read the same on either.

The driver errors are built here as the drivers raise them (an sqlite3 error with its result
code, an asyncpg error class with its SQLSTATE); the real failures are exercised elsewhere
(tests/hardening/test_faults_storage.py, test_disk_full.py).
"""

from __future__ import annotations

import sqlite3

import asyncpg
import pytest

from storage import StorageProblem
from storage._postgres import _problem_of as postgres_problem
from storage._sqlite import _problem_of as sqlite_problem


def _sqlite_error(code: int) -> sqlite3.Error:
    error = sqlite3.OperationalError("failed")
    error.sqlite_errorcode = code  # type: ignore[attr-defined]
    return error


@pytest.mark.parametrize(
    ("code", "problem"),
    [
        (sqlite3.SQLITE_FULL, StorageProblem.FULL),
        (sqlite3.SQLITE_READONLY, StorageProblem.READ_ONLY),
        (sqlite3.SQLITE_IOERR_WRITE, StorageProblem.FAILING),  # extended codes too
        (sqlite3.SQLITE_CORRUPT, StorageProblem.FAILING),
        (sqlite3.SQLITE_BUSY, StorageProblem.BUSY),
        (sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY, StorageProblem.OTHER),
    ],
)
def test_sqlite_result_codes_name_the_cause(code: int, problem: StorageProblem) -> None:
    assert sqlite_problem(_sqlite_error(code)) == problem


@pytest.mark.parametrize(
    ("error", "problem"),
    [
        (asyncpg.exceptions.DiskFullError("no space"), StorageProblem.FULL),
        (asyncpg.exceptions.ReadOnlySQLTransactionError("standby"), StorageProblem.READ_ONLY),
        (asyncpg.exceptions.PostgresIOError("io"), StorageProblem.FAILING),
        (asyncpg.exceptions.DataCorruptedError("bad page"), StorageProblem.FAILING),
        (asyncpg.exceptions.TooManyConnectionsError("full"), StorageProblem.BUSY),
        (asyncpg.exceptions.CannotConnectNowError("starting"), StorageProblem.UNAVAILABLE),
        (asyncpg.exceptions.UniqueViolationError("dup"), StorageProblem.OTHER),
        (ConnectionRefusedError(), StorageProblem.UNAVAILABLE),
        (TimeoutError(), StorageProblem.BUSY),
    ],
)
def test_postgres_errors_name_the_cause(error: BaseException, problem: StorageProblem) -> None:
    assert postgres_problem(error) == problem
