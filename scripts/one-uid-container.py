#!/usr/bin/env python3
"""Runs a command as root of a new user namespace that maps uid and gid 0 to the host's
100000 and nothing else, as a rootless container runtime does: root there cannot become
another user, and the host counts its processes as uid 100000's.

Usage (as root): python3 scripts/one-uid-container.py COMMAND [ARGUMENT ...]
The grader's proofs run `gradlab grade` this way (Tests/ExercisesTests/WallsTests.swift).
"""
import ctypes
import os
import sys

CLONE_NEWUSER = 0x10000000
OUTER_ID = 100000


def main() -> int:
    if len(sys.argv) < 2:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    ready_read, ready_write = os.pipe()
    mapped_read, mapped_write = os.pipe()
    child = os.fork()
    if child == 0:
        os.close(ready_read)
        os.close(mapped_write)
        libc = ctypes.CDLL(None, use_errno=True)
        if libc.unshare(CLONE_NEWUSER) != 0:
            print(f"one-uid-container: unshare: {os.strerror(ctypes.get_errno())}", file=sys.stderr)
            os._exit(125)
        os.write(ready_write, b"u")
        if os.read(mapped_read, 1) != b"m":
            os._exit(125)
        os.setresgid(0, 0, 0)
        os.setresuid(0, 0, 0)
        try:
            os.execvp(sys.argv[1], sys.argv[1:])
        except OSError as error:
            print(f"one-uid-container: {sys.argv[1]}: {error}", file=sys.stderr)
            os._exit(127)
    os.close(ready_write)
    os.close(mapped_read)
    if os.read(ready_read, 1) != b"u":
        os.waitpid(child, 0)
        return 125
    with open(f"/proc/{child}/setgroups", "w") as setgroups:
        setgroups.write("deny")
    for name in ("uid_map", "gid_map"):
        with open(f"/proc/{child}/{name}", "w") as mapping:
            mapping.write(f"0 {OUTER_ID} 1")
    os.write(mapped_write, b"m")
    _, status = os.waitpid(child, 0)
    return os.waitstatus_to_exitcode(status)


if __name__ == "__main__":
    sys.exit(main())
