#!/usr/bin/env python3
"""CPU used so far by a process, split by thread, for Benchmarks/live.sh.

usage: live-cpu.py PID
Prints "total relay" in clock ticks: total is the whole process (threads that have ended included, as
/proc/PID/stat counts them); relay sums the threads named klai-live-relay: the relay, the recordings it
cuts (and finishes: hashing, catalog rows), and the x264 threads it starts, which inherit its name.
total - relay is the rest of `klai serve`: the job runner (the ladder jobs the recorder queues), HTTP,
the recorder's scheduler.
"""
import os, sys

pid = sys.argv[1]

def ticks(path):
    text = open(path).read()
    comm = text[text.index("(") + 1:text.rindex(")")]
    fields = text[text.rindex(")") + 2:].split()
    return comm, int(fields[11]) + int(fields[12])   # utime + stime (fields 14 and 15 of stat)

_, total = ticks(f"/proc/{pid}/stat")
relay = 0
for tid in os.listdir(f"/proc/{pid}/task"):
    try:
        comm, used = ticks(f"/proc/{pid}/task/{tid}/stat")
    except (FileNotFoundError, ProcessLookupError, ValueError):
        continue
    if comm == "klai-live-relay":
        relay += used
print(total, relay)
