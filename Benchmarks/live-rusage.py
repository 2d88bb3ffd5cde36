#!/usr/bin/env python3
"""Runs a command and prints the CPU seconds it used (user + system, all its threads, from wait4),
for the ffmpeg peers of Benchmarks/live.sh: exact, where sampling /proc while it runs misses its end.

usage: live-rusage.py COMMAND [ARGS...]
"""
import os, subprocess, sys

child = subprocess.Popen(sys.argv[1:])
_, status, usage = os.wait4(child.pid, 0)
print(f"{usage.ru_utime + usage.ru_stime:.3f}")
sys.exit(os.waitstatus_to_exitcode(status))
