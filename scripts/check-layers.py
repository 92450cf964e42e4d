#!/usr/bin/env python3
"""Checks that SpectraKit's layers use only the layers below them.

SpectraKit is one SwiftPM module, so the compiler does not stop a lower layer from naming a
type of a higher one. This script does: it collects the types each folder declares and reports
every name a folder uses from a folder above it. The order is the one the layers' READMEs state.
Run by scripts/test.sh; exits 1 on a violation.
"""
import glob
import os
import re
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Sources", "SpectraKit")

# Bottom first. Precision and LinearAlgebra are both bottom layers: neither uses the other.
LAYERS = [
    ["Precision", "LinearAlgebra"],
    ["Sphere"],
    ["Kernels"],
    ["Analyses/Spectra"],
    ["Analyses/Grids", "Analyses/Eigenfunctions"],
    ["Analyses/Decay"],
    ["Analyses/RKHS", "Analyses/Regression"],
    ["Analyses/FiniteNetworks"],
    ["Output"],
    ["Studies"],
]

DECLARATION = re.compile(
    r"^(?:@\w+\s+)*(?:public |internal |fileprivate |private |package )?(?:final )?"
    r"(?:struct|enum|class|protocol|typealias|actor) (\w+)", re.M)
COMMENT = re.compile(r"//[^\n]*|/\*.*?\*/", re.S)
STRING = re.compile(r'"(?:\\.|[^"\\\n])*"')


def sources(folder):
    text = ""
    for path in sorted(glob.glob(os.path.join(ROOT, folder, "**", "*.swift"), recursive=True)):
        # A folder's own subfolders that are layers of their own are not part of it.
        rel = os.path.relpath(path, os.path.join(ROOT, folder))
        if folder == "Analyses" or any(
                f"{folder}/{rel}".startswith(other + "/") for level in LAYERS for other in level
                if other != folder and other.startswith(folder + "/")):
            continue
        with open(path, encoding="utf-8") as handle:
            text += handle.read() + "\n"
    return text


def main():
    level_of = {folder: i for i, level in enumerate(LAYERS) for folder in level}
    text = {folder: sources(folder) for folder in level_of}
    declared = {folder: set(DECLARATION.findall(body)) for folder, body in text.items()}
    code = {folder: STRING.sub('""', COMMENT.sub("", body)) for folder, body in text.items()}
    violations = 0
    for user, body in code.items():
        for owner, names in declared.items():
            if owner == user or level_of[owner] < level_of[user]:
                continue
            used = sorted(n for n in names if re.search(r"\b" + re.escape(n) + r"\b", body))
            for name in used:
                print(f"{user} uses {name} from {owner}, which is not below it")
                violations += 1
    if violations:
        print(f"check-layers: {violations} use(s) of a higher or sibling layer", file=sys.stderr)
        return 1
    print(f"check-layers: {len(level_of)} folders, each uses only the layers below it")
    return 0


if __name__ == "__main__":
    sys.exit(main())
