"""Runs ARGV as a child process and reports its wall-clock time and CPU time (user + system, from wait4's rusage).

Used by bench/process-timing.ts: on a shared machine the CPU time of a short process varies far less than its
wall-clock time, which includes waiting for a core. Output: the child's stdout and stderr unchanged, then one last
stderr line `child-times wall=SECONDS cpu=SECONDS`; exit status: the child's. Stdlib only.
"""
import os
import subprocess
import sys
import time

start = time.perf_counter()
child = subprocess.Popen(sys.argv[1:])
_, status, usage = os.wait4(child.pid, 0)
wall = time.perf_counter() - start
sys.stderr.write(f"\nchild-times wall={wall:.6f} cpu={usage.ru_utime + usage.ru_stime:.6f}\n")
sys.exit(os.waitstatus_to_exitcode(status))
