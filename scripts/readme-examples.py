#!/usr/bin/env python3
"""Runs every example of README.md and writes its real output into the README, or checks it.

An example is a fenced block right after a marker line

    <!-- example -->                      exact text
    <!-- example: tolerance=1e-6 -->      numbers may differ by this relative amount (Gram, BLAS)
    <!-- example: stderr -->              show standard error too (messages of refused commands)
    <!-- example: lines=12 -->            show the first 12 lines of each command's output, then
                                          a visible "[... N more lines ...]" marker

whose lines starting with "$ " are shell commands (run by bash, `spectra` being the binary under
test). Everything else in the block is output and is rewritten from the run. The commands of one
block run one after the other in one fresh folder that holds the repository's data/ and analyses/
and empty results/ and notebooks-export/ folders, with OPENBLAS_NUM_THREADS=1 (the Gram-based
numbers then repeat bit for bit on one machine; across machines and BLAS builds their last digits
may change, which is what `tolerance` allows).

    python3 scripts/readme-examples.py [--binary PATH]          rewrite README.md in place
    python3 scripts/readme-examples.py --check [--binary PATH]  exit 1, with a diff, if it is stale

The binary defaults to $SPECTRA_EXECUTABLE, else .build/release/spectra. Standard library only.
"""
import argparse
import difflib
import os
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
MARKER = re.compile(r"^<!-- example(?::\s*(?P<options>[^>]*?))?\s*-->\s*$")
NUMBER = re.compile(r"[-+]?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?")
TIMEOUT = 600


def options_of(text):
    options = {}
    for item in (text or "").split():
        key, _, value = item.partition("=")
        options[key] = value if value else True
    return options


def blocks(lines):
    """(marker index, opening fence index, closing fence index, options) of every example."""
    found = []
    i = 0
    while i < len(lines):
        match = MARKER.match(lines[i])
        if match and i + 1 < len(lines) and lines[i + 1].startswith("```"):
            end = i + 2
            while end < len(lines) and not lines[end].startswith("```"):
                end += 1
            if end == len(lines):
                sys.exit(f"README.md:{i + 2}: the example's code block is not closed")
            found.append((i, i + 1, end, options_of(match.group("options"))))
            i = end
        i += 1
    return found


def run_block(commands, options, binary):
    """The block's new lines: each command, then its output."""
    work = tempfile.mkdtemp(prefix="spectra-readme-")
    try:
        for folder in ("data", "analyses"):
            os.symlink(os.path.join(ROOT, folder), os.path.join(work, folder))
        for folder in ("results", "notebooks-export"):
            os.mkdir(os.path.join(work, folder))
        bin_dir = os.path.join(work, ".bin")
        os.mkdir(bin_dir)
        os.symlink(binary, os.path.join(bin_dir, "spectra"))
        env = dict(os.environ, PATH=bin_dir + os.pathsep + os.environ.get("PATH", ""),
                   OPENBLAS_NUM_THREADS="1", LC_ALL="C")
        out = []
        for command in commands:
            result = subprocess.run(["bash", "-c", "set -o pipefail; " + command], cwd=work, env=env,
                                    stdout=subprocess.PIPE,
                                    stderr=subprocess.STDOUT if options.get("stderr") else subprocess.PIPE,
                                    text=True, timeout=TIMEOUT)
            if result.returncode != 0 and not options.get("stderr"):
                sys.exit(f"example `{command}` failed with status {result.returncode}:\n{result.stderr}")
            text = result.stdout
            shown = text.split("\n")
            if shown and shown[-1] == "":
                shown.pop()
            limit = int(options.get("lines", 0) or 0)
            if limit and len(shown) > limit:
                hidden = len(shown) - limit
                shown = shown[:limit] + [f"[... {hidden} more line{'s' if hidden != 1 else ''} ...]"]
            out.append("$ " + command)
            out += shown
        return out
    finally:
        shutil.rmtree(work, ignore_errors=True)


def same(old, new, tolerance):
    """Equal text, or (with a tolerance) equal text between numbers that agree to it."""
    if old == new:
        return True
    if not tolerance:
        return False
    if len(old) != len(new):
        return False
    for a, b in zip(old, new):
        if NUMBER.sub("#", a) != NUMBER.sub("#", b):
            return False
        for x, y in zip(NUMBER.findall(a), NUMBER.findall(b)):
            x, y = float(x), float(y)
            if abs(x - y) > max(tolerance * max(abs(x), abs(y)), 1e-15):
                return False
    return True


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="compare instead of rewriting; exit 1 if stale")
    parser.add_argument("--binary", default=os.environ.get("SPECTRA_EXECUTABLE")
                        or os.path.join(ROOT, ".build", "release", "spectra"))
    parser.add_argument("--readme", default=os.path.join(ROOT, "README.md"))
    args = parser.parse_args()
    binary = os.path.abspath(args.binary)
    if not os.access(binary, os.X_OK):
        sys.exit(f"no spectra executable at {binary}; build with `swift build -c release -Xcxx -DNDEBUG` or pass --binary")
    with open(args.readme, encoding="utf-8") as handle:
        lines = handle.read().split("\n")
    stale = []
    rewritten = list(lines)
    # Replace from the last block up, so earlier indices stay valid.
    for marker, start, end, options in reversed(blocks(lines)):
        body = lines[start + 1:end]
        commands = [line[2:] for line in body if line.startswith("$ ")]
        if not commands:
            sys.exit(f"README.md:{marker + 1}: an example block without a '$ ' command")
        fresh = run_block(commands, options, binary)
        tolerance = float(options.get("tolerance", 0) or 0)
        if not same(body, fresh, tolerance):
            stale.append((marker, body, fresh))
        rewritten[start + 1:end] = fresh
    if args.check:
        if not stale:
            print(f"README.md: {len(blocks(lines))} examples, all as a fresh run prints them")
            return 0
        for marker, body, fresh in reversed(stale):
            print(f"README.md:{marker + 1}: the example differs from a fresh run:")
            sys.stdout.writelines(difflib.unified_diff([l + "\n" for l in body], [l + "\n" for l in fresh], "README.md", "fresh run"))
        print(f"{len(stale)} stale example(s); `python3 scripts/readme-examples.py` rewrites them")
        return 1
    with open(args.readme, "w", encoding="utf-8") as handle:
        handle.write("\n".join(rewritten))
    print(f"README.md: {len(blocks(lines))} examples written from a fresh run ({len(stale)} changed)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
