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

    def rows():
        for i in range(count):
            key_id = "LK" + "".join(secrets.choice(BASE62) for _ in range(22))
            owner = f"{9000000000000000 + i // 2:016d}"
            yield (key_id, owner, now_ticks, now_ticks, secrets.token_bytes(58))

    with db:
        db.executemany(
            "INSERT INTO access_keys (access_key_id, account_id, user_id, status, create_date, update_date, key_version, secret_ciphertext)"
            " VALUES (?, ?, NULL, 'Active', ?, ?, 1, ?)",
            rows(),
        )
    db.close()
    print(f"SEED keys={count} seconds={time.monotonic() - started:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
