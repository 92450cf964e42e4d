"""Helpers shared by the benchmark peers in scripts/bench (imported from the script's folder)."""
import os


def machine():
    """(CPU model, CPUs of the machine, CPUs this process may use)."""
    model = "unknown"
    try:
        with open("/proc/cpuinfo") as fh:
            for line in fh:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return model, os.cpu_count(), len(os.sched_getaffinity(0))
