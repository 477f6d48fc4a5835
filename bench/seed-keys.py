#!/usr/bin/env python3
"""Seeds COUNT AccessKeys into a Latchkey SQLite database quickly (bench only).

Usage: bench/seed-keys.py DATA_DIR COUNT

The rows are written in one transaction, two keys per made-up owner, with random ciphertext of a
real secret's size: they occupy the table, its indexes and the server's AccessKeyId set exactly as
real keys would, but they cannot verify (nobody knows a secret for them) and their owners do not
exist. Use a throwaway data folder: never a database you keep.
"""
import os
import secrets
import sqlite3
import string
import sys
import time

BASE62 = string.digits + string.ascii_uppercase + string.ascii_lowercase


def main() -> int:
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    data_dir, count = sys.argv[1], int(sys.argv[2])
    db = sqlite3.connect(os.path.join(data_dir, "latchkey.db"))
    db.execute("PRAGMA foreign_keys = OFF")
    started = time.monotonic()
    # .NET ticks (100 ns since 0001-01-01), as the store writes them.
    now_ticks = int(time.time() * 10_000_000) + 621_355_968_000_000_000

    # Random base62 characters, fast (a slight bias is harmless here).
    table = bytes(ord(BASE62[i % 62]) for i in range(256))

    def rows():
        for i in range(count):
            key_id = "LK" + os.urandom(22).translate(table).decode("ascii")
            owner = f"{9000000000000000 + i // 2:016d}"
            yield (key_id, owner, now_ticks, now_ticks, secrets.token_bytes(58))

    with db:
        db.executemany(
            # secret_format 2 (bound to the owner), as the server writes today: a legacy-format row
            # (1, the column's default) is read and rewritten at every start until it decrypts,
            # which these random ciphertexts never do, and that held a million-key start for 15-20 s.
            "INSERT INTO access_keys (access_key_id, account_id, user_id, status, create_date, update_date, key_version, secret_ciphertext, secret_format)"
            " VALUES (?, ?, NULL, 'Active', ?, ?, 1, ?, 2)",
            rows(),
        )
    db.close()
    print(f"SEED keys={count} seconds={time.monotonic() - started:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
