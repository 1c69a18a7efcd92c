"""One command's wall time, CPU time and its own peak memory, for every benchmark here.

Linux carries a process's peak RSS through fork and exec, so a child started from a
benchmark (a larger, growing process) would report at least the benchmark's own peak.
A small launcher starts each command instead: its children begin from its ~8 MiB (less
than any Python program), and it times the command itself, so its own start-up is not
counted either. wait4 gives that one child's usage.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

LAUNCHER = """
import os, sys, time
start = time.perf_counter()
pid = os.posix_spawnp(sys.argv[2], sys.argv[2:], os.environ)
_, status, usage = os.wait4(pid, 0)
wall = time.perf_counter() - start
with open(sys.argv[1], "w") as out:
    out.write(f"{wall!r} {usage.ru_utime + usage.ru_stime!r} {usage.ru_maxrss * 1024}")
sys.exit(os.waitstatus_to_exitcode(status))
"""


def run_measured(
    argv: list[str], cwd: Path, env: dict[str, str]
) -> tuple[float, float, int, subprocess.CompletedProcess[bytes]]:
    """Wall and CPU seconds and peak resident bytes (ru_maxrss is in KiB on Linux) of
    one run of `argv`, and what it printed. Output goes to files, so a long report
    cannot fill a pipe and stall the command. Zero figures when it could not start."""
    with tempfile.TemporaryDirectory() as scratch, tempfile.TemporaryFile() as out, \
            tempfile.TemporaryFile() as err:  # fmt: skip
        stats = Path(scratch, "stats")
        launch = [sys.executable, "-I", "-S", "-c", LAUNCHER, str(stats), *argv]
        code = subprocess.run(launch, cwd=cwd, env=env, stdout=out, stderr=err,
                              check=False).returncode  # fmt: skip
        out.seek(0)
        err.seek(0)
        done = subprocess.CompletedProcess(argv, code, out.read(), err.read())
        if not stats.is_file():  # the command could not be started: the launcher says why
            return 0.0, 0.0, 0, done
        wall, cpu, rss = stats.read_text().split()
    return float(wall), float(cpu), int(rss), done
