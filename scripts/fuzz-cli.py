#!/usr/bin/env python3
"""End-to-end fuzzer of the spectra binary (Python 3 standard library only).

Usage: python3 scripts/fuzz-cli.py [--seed 1] [--seconds 300] [--timeout 20] [--binary .build/release/spectra]
       [--runs N] [--log DIR]
Build the binary first (swift build -c release). With a fixed seed the same sequence of command
lines is generated (how many of them fit in --seconds depends on the machine; --runs N fixes it).

Each run is one random command line (kernel, decay with the analytic, gram and grid methods,
align, rkhs, regress, finite init|train|add-layer) with random, extreme and malformed kernel
specs, options and CSV files, kept small so that hundreds of runs fit in a few minutes. A run is
  ok        exit 0, nothing suspicious;
  refusal   a non-zero exit with a message on standard error (what bad input should get);
  crash     killed by a signal, or a Swift runtime trap ("Fatal error", a stack dump) on stderr;
  hang      still running after --timeout seconds (killed; each run gets at most 4 GiB of
            address space, so that unbounded allocation fails, as a crash, instead);
  silent    exit 0 with nan or inf in standard output (no command is asked for them), or an
            eigenvalue labelled exact_zero for a kernel that has none (laplace, gexp, gaussian,
            matern: all their eigenvalues are positive);
  mute      a non-zero exit with nothing on standard error.
Crashes, hangs, silent and mute runs are findings: each is written to DIR/findings.txt with its
command line, exit status and the first lines of its output; the script exits 1 when there is any.
"""

import argparse
import os
import random
import re
import resource
import shlex
import subprocess
import sys
import tempfile
import time

KERNELS = {
    "ntk": ["depth", "activation", "weight_var", "bias_var", "input_var", "beta", "normalize"],
    "nngp": ["depth", "activation", "weight_var", "bias_var", "input_var", "beta", "normalize"],
    "arccos": ["order"],
    "laplace": ["c"],
    "gaussian": ["c"],
    "gexp": ["gamma", "c"],
    "matern": ["nu", "ell"],
    "poly": ["degree", "c"],
}
FORMATS = ["table", "csv", "tsv", "json", "markdown", "latex"]
# A non-finite number as the formatters print one (nan, inf, -inf; LaTeX NaN, $\infty$), standing
# as a value: between cell delimiters, not a word of a sentence ("-> infinity: H_B is ...").
NON_FINITE = re.compile(r"(?<!-> )(?:^|(?<=[\s,;|&\[\]\"=(]))[-+]?(?:nan|inf|infinity)(?=$|[\s,;|&\[\]\")])|\\infty",
                        re.IGNORECASE | re.MULTILINE)
# A structural zero claimed for a kernel whose eigenvalues are all positive (an underflow is not one).
FALSE_ZERO = re.compile(r'^"?(laplace|gexp|gaussian|matern)\b.*\bexact_zero\b', re.MULTILINE)
CRASH_TEXT = re.compile(r"Fatal error|Current stack trace|Illegal instruction|Segmentation fault|"
                        r"Stack dump|Trace/breakpoint trap|Aborted|\brip 0x|Program crashed|Crash at")


class Generator:
    """Random command lines and data files from one seeded random source."""

    def __init__(self, rng, workdir):
        self.rng = rng
        self.workdir = workdir
        self.files = 0

    def choice(self, items):
        return self.rng.choice(items)

    def maybe(self, p=0.5):
        return self.rng.random() < p

    def option(self, p, flag, values):
        """[flag, value] with probability p, value one of a list or a function's result; else []."""
        if not self.maybe(p):
            return []
        return [flag, self.choice(values) if isinstance(values, list) else values()]

    # Numbers: ordinary, at the edges of the domains, extreme, and not numbers at all.
    def real(self):
        r = self.rng.random()
        if r < 0.45:
            return self.choice(["0", "0.5", "1", "1.5", "2", "2.5", "3", "0.1", "0.25", "10", "-1", "1e-3"])
        if r < 0.75:
            return repr(round(self.rng.uniform(-3, 12), self.rng.randint(0, 4)))
        if r < 0.92:
            return self.choice(["1e308", "1e-308", "5e-324", "1e-300", "-0", "1e15", "1e300", "169.5", "170",
                                "171", "172", "1e6", "0.0001", "1e-12", "2.0000000001", "1.7976931348623157e308"])
        return self.choice(["nan", "inf", "-inf", "abc", "", "1,5", "0x10", "1e", "+", "１", "1_000", " 2 "])

    def integer(self, low=-2, high=12):
        r = self.rng.random()
        if r < 0.8:
            return str(self.rng.randint(low, high))
        return self.choice(["0", "-1", "1000", "1000000", "2147483648", "9223372036854775807", "3.0", "2.5", "x", ""])

    def kernel_spec(self):
        r = self.rng.random()
        if r < 0.06:
            return self.choice(["", ":", "ntk:", "ntk:depth", "ntk:=3", "ntk:depth=3,,", "foo", "ntk:depth=3,depth=4",
                                "NTK:DEPTH=3", " laplace : c = 2 ", "ntk:depht=3", "poly:degree=3:c=1", "gauss ian"])
        name = self.choice(list(KERNELS))
        keys = KERNELS[name]
        items = []
        for key in self.rng.sample(keys, self.rng.randint(0, min(3, len(keys)))):
            if key == "activation":
                value = self.choice(["relu", "erf", "erf", "tanh", "ReLU"])
            elif key == "normalize":
                value = self.choice(["true", "false", "yes"])
            elif key in ("depth", "order", "degree"):
                value = self.integer(-1, 8)
            else:
                value = self.real()
            items.append(f"{key}={value}")
        return name + (":" + ",".join(items) if items else "")

    def kernels(self, low=1, high=2):
        args = []
        for _ in range(self.rng.randint(low, high)):
            args += ["--kernel", self.kernel_spec()]
        if self.maybe(0.1):
            args += self.choice([["--depth", self.integer(1, 6)], ["--activation", self.choice(["relu", "erf", "x"])],
                                 ["--bias-var", self.real()], ["--weight-var", self.real()]])
        return args

    def common(self):
        args = []
        if self.maybe(0.8):
            args += ["--format", self.choice(FORMATS + ["xml"] if self.maybe(0.05) else FORMATS)]
        return args

    def dim(self, choices=(2, 3, 3, 4, 5, 10)):
        if self.maybe(0.08):
            return ["--dim", self.choice(["0", "1", "-3", "1000", "100000", "x"])]
        return ["--dim", str(self.choice(choices))]

    def fit_range(self, k):
        if self.maybe(0.7):
            return []
        if self.maybe(0.8):
            a = self.rng.randint(1, max(1, k - 1))
            return ["--fit-range", f"{a}:{self.rng.randint(a + 1, k + 1)}"]
        return ["--fit-range", self.choice(["0:10", "10:5", "a:b", "5", "1:2:3", ":", "-3:4", "2:99999999999999999999"])]

    def number_list(self, low, high, count=3):
        if self.maybe(0.1):
            return self.choice(["", ",", "1,,2", "x", "0", "-1", "3.5", " 2 , 3 ", "99999999999"])
        return ",".join(str(self.rng.randint(low, high)) for _ in range(self.rng.randint(1, count)))

    # Data files: tables of random numbers, then mutated.
    def csv(self, columns=None, rows=None, header=True, target=None):
        columns = columns or self.rng.randint(1, 5)
        rows = rows if rows is not None else self.rng.randint(0, 40)
        names = [f"x{i}" for i in range(columns)]
        if target is not None:
            names[self.rng.randrange(columns)] = target
        scale = self.choice([1, 1, 1, 1e-3, 1e6, 1e-160, 1e160, 1e-310])
        lines = [",".join(names)] if header else []
        for _ in range(rows):
            lines.append(",".join(repr(self.rng.gauss(0, 1) * scale) for _ in range(columns)))
        if target is not None and self.maybe(0.3):
            t = names.index(target)
            classes = self.rng.randint(1, 4)
            for i in range(1 if header else 0, len(lines)):
                cells = lines[i].split(",")
                cells[t] = str(self.rng.randrange(classes))
                lines[i] = ",".join(cells)
        lines = self.mutate(lines)
        separator = self.choice(["\n", "\n", "\n", "\r\n", "\r"])
        text = separator.join(lines) + (separator if self.maybe(0.8) else "")
        if self.maybe(0.05):
            text = "\ufeff" + text
        if self.maybe(0.1):
            text = text.replace(",", "\t")
        return self.write(text)

    def mutate(self, lines):
        for _ in range(self.rng.choice([0, 0, 0, 1, 1, 2, 4])):
            if not lines:
                break
            i = self.rng.randrange(len(lines))
            cells = lines[i].split(",")
            j = self.rng.randrange(len(cells))
            kind = self.rng.randrange(10)
            if kind == 0:
                cells[j] = self.choice(["nan", "inf", "-inf", "NaN", "1e999"])
            elif kind == 1:
                cells[j] = ""
            elif kind == 2:
                cells.append("1")
            elif kind == 3 and len(cells) > 1:
                del cells[j]
            elif kind == 4:
                cells[j] = '"' + cells[j] + '"'
            elif kind == 5:
                cells = ["0"] * len(cells)
            elif kind == 6:
                cells[j] = self.choice(["abc", "1,5", "é", "\x00", "1e", "--1", "0x1p3", "   "])
            elif kind == 7:
                lines.insert(i, self.choice(["", "# comment", "   ", "\t"]))
                continue
            elif kind == 8:
                lines[i] = lines[i] + "," if self.maybe() else ""
                continue
            else:
                lines.insert(i, lines[i])
                continue
            lines[i] = ",".join(cells)
        return lines

    def write(self, text):
        self.files += 1
        path = os.path.join(self.workdir, f"data{self.files % 50}.csv")
        with open(path, "w", encoding="utf-8", newline="") as f:
            f.write(text)
        return path

    def data_option(self, dimension):
        if self.maybe(0.05):
            return ["--data", self.choice(["/nonexistent.csv", self.workdir])]
        columns = dimension if self.maybe(0.8) else self.rng.randint(1, 6)
        return ["--data", self.csv(columns=columns, rows=self.rng.randint(0, 60), header=self.maybe(0.3))]

    def labeled(self):
        target = self.choice(["y", "y", "class", "Y"])
        path = self.csv(columns=self.rng.randint(1, 5), rows=self.rng.randint(0, 40), target="y" if self.maybe(0.9) else "z")
        args = ["--data", path, "--target", target]
        args += self.option(0.3, "--test-fraction", ["0.2", "0.5", "0", "1", "0.01", "0.99", "nan", "-0.1"])
        args += self.option(0.2, "--preprocess", ["sphere", "standardize", "none"])
        return args

    # One command line per command.
    def kernel(self):
        args = ["kernel"] + self.kernels(1, 3) + self.common()
        if self.maybe(0.7):
            ts = [self.choice(["-1", "0", "1", "0.5", "-0.5", "0.999999", "-0.99999999", "1e-300"]) if self.maybe(0.8)
                  else self.real() for _ in range(self.rng.randint(1, 4))]
            args.append("--points=" + ",".join(ts))
        else:
            args += ["--grid", self.choice([str(self.rng.randint(2, 30))] * 9 + ["0", "1", "5000", "x"])]
        return args

    def decay_analytic(self):
        k = self.choice([2, 5, 10, 20, 40, 60, 100, 200] * 3 + [1000])
        args = ["decay"] + self.kernels() + self.dim() + self.common()
        if self.maybe(0.8):
            args += ["--max-degree", str(k) if self.maybe(0.9) else self.choice(["-1", "0", "1", "1000", "100000", "x"])]
        args += self.fit_range(k)
        args += self.option(0.3, "--parity", ["all", "even", "odd"])
        if self.maybe(0.2):
            args.append("--slopes")
        if self.maybe(0.2):
            args.append("--shifted")
        args += self.option(0.2, "--table", ["spectrum", "fit", "slopes", "eigenvalues"])
        return args

    def decay_gram(self):
        d = self.choice([2, 3, 3, 4, 5])
        args = ["decay", "--method", "gram"] + self.kernels() + ["--dim", str(d)] + self.common()
        if self.maybe(0.7):
            args += ["--samples", self.choice([str(self.rng.randint(10, 150))] * 9 + ["9", "0", "-5"])]
        else:
            args += self.data_option(d)
            if self.maybe(0.5):
                args.append("--normalize")
        args += self.option(0.3, "--top", lambda: self.integer(0, 30))
        args += self.option(0.2, "--assign-degrees", ["blocks", "projection"])
        args += self.option(0.3, "--max-degree", lambda: self.integer(0, 12))
        args += self.fit_range(8)
        if self.maybe(0.3):
            args += ["--seed", str(self.rng.randint(0, 2**32))]
        return args

    def decay_grid(self):
        d = self.choice([2, 3, 3])
        args = ["decay", "--method", "grid"] + self.kernels() + ["--dim", str(d)] + self.common()
        args += ["--samples", self.choice([str(self.rng.randint(10, 400))] * 18 + ["9", "0", "1000000000"])]
        args += self.option(0.3, "--latitudes", ["gauss-legendre", "equal-area"])
        args += self.option(0.3, "--grid-weights", ["quadrature", "equal"])
        args += self.option(0.3, "--max-degree", lambda: self.integer(0, 12))
        args += self.fit_range(8)
        return args

    def align(self):
        d = self.choice([2, 3, 3, 4])
        args = ["align"] + self.kernels(1, 3) + ["--dim", str(d)] + self.common()
        if self.maybe(0.8):
            args += ["--samples", str(self.rng.randint(10, 120))]
        else:
            args += self.data_option(d)
        args += self.option(0.4, "--top", lambda: self.integer(0, 40))
        args += self.option(0.3, "--max-degree", lambda: self.integer(0, 8))
        args += self.option(0.3, "--sizes", lambda: self.number_list(1, 20))
        return args

    def rkhs(self):
        args = ["rkhs"] + self.kernels(1, 3) + self.dim() + self.common()
        k = self.choice([10, 20, 50, 100, 200])
        args += ["--max-degree", str(k)] + self.fit_range(k)
        for _ in range(self.rng.choice([0, 0, 1, 2])):
            args += ["--target", self.choice(["abs", "relu", "exp", "sin", f"sin:w={self.real()}",
                                              f"power:p={self.real()}", "power", "foo", "sin:q=1"])]
        args += self.option(0.2, "--table", ["sobolev", "comparisons", "targets", "partial_sums"])
        return args

    def regress(self):
        args = ["regress"] + self.kernels(1, 2) + self.labeled() + self.common()
        args += self.option(0.4, "--task", ["regression", "classification"])
        args += self.option(0.4, "--ridge", ["auto", "0", "1e-3", "1", "-1", "nan", "1e308", "x"])
        args += self.option(0.3, "--folds", lambda: self.integer(0, 10))
        return args

    def finite_grid(self):
        args = []
        args += self.option(0.6, "--depths", lambda: self.number_list(1, 4, 2))
        args += ["--widths", self.number_list(0, 8, 2)]
        if self.maybe(0.4):
            pairs = [f"{self.real()}:{self.real()}" for _ in range(self.rng.randint(1, 2))]
            args += ["--variances", ",".join(pairs) if self.maybe(0.9) else self.choice(["2", "2:0:1", ":", "2:-1"])]
        args += self.option(0.2, "--activation", ["relu", "erf", "tanh"])
        args += ["--seeds", self.choice(["1", "1", "2", "0"])]
        return args

    def finite_output(self):
        args = self.common()
        args += self.option(0.2, "--table", ["runs", "summary", "other"])
        return args

    def finite_init(self):
        d = self.choice([2, 3, 3, 5])
        args = ["finite", "init"] + self.finite_grid() + ["--dim", str(d)] + self.finite_output()
        if self.maybe(0.85):
            args += ["--samples", self.choice([str(self.rng.randint(10, 30))] * 9 + ["5"])]
        else:
            args += self.data_option(d)
        return args

    def training(self):
        args = ["--steps", self.choice([str(self.rng.randint(1, 30))] * 9 + ["0"])]
        args += self.option(0.3, "--learning-rate", ["1", "0.5", "1.9", "0", "-1", "100", "1e308", "nan"])
        args += self.option(0.3, "--checkpoints", lambda: self.integer(0, 5))
        return args

    def finite_train(self):
        args = ["finite", "train"] + self.finite_grid() + self.labeled() + self.training() + self.finite_output()
        args += self.option(0.3, "--rows", lambda: self.integer(0, 30))
        return args

    def finite_add_layer(self):
        args = ["finite", "add-layer"] + self.labeled() + self.training() + self.finite_output()
        args += ["--depth", self.choice(["2", "2", "3", "1"]), "--width", self.choice([str(self.rng.randint(1, 16))] * 9 + ["0"])]
        args += ["--seeds", self.choice(["1", "1", "2", "0"])]
        args += self.option(0.3, "--weight-var", lambda: self.real())
        args += self.option(0.3, "--bias-var", lambda: self.real())
        args += self.option(0.3, "--ridge", ["auto", "0", "1e-3", "-1"])
        args += self.option(0.2, "--folds", lambda: self.integer(0, 5))
        return args

    def command(self):
        makers = [self.kernel, self.decay_analytic, self.decay_analytic, self.decay_gram, self.decay_grid, self.align,
                  self.rkhs, self.regress, self.finite_init, self.finite_train, self.finite_add_layer]
        return self.choice(makers)()


def classify(returncode, stdout, stderr, timed_out):
    if timed_out:
        return "hang"
    if returncode < 0 or CRASH_TEXT.search(stderr):
        return "crash"
    if returncode != 0:
        return "refusal" if stderr.strip() else "mute"
    if NON_FINITE.search(stdout) or FALSE_ZERO.search(stdout):
        return "silent"
    return "ok"


def limit_memory():
    """At most 4 GiB of address space per run: a request that allocates without bound fails
    (and counts as a crash) instead of taking the machine's memory."""
    resource.setrlimit(resource.RLIMIT_AS, (4 << 30, 4 << 30))


def run(binary, args, timeout):
    try:
        p = subprocess.run([binary] + args, capture_output=True, timeout=timeout, stdin=subprocess.DEVNULL,
                           preexec_fn=limit_memory)
        out, err = p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")
        return p.returncode, out, err, False
    except subprocess.TimeoutExpired as e:
        out = (e.stdout or b"").decode("utf-8", "replace")
        err = (e.stderr or b"").decode("utf-8", "replace")
        return None, out, err, True


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--seconds", type=float, default=300)
    parser.add_argument("--runs", type=int, default=0, help="stop after this many runs (0: only --seconds bounds)")
    parser.add_argument("--timeout", type=float, default=20, help="seconds per run before it counts as a hang")
    parser.add_argument("--binary", default=".build/release/spectra")
    parser.add_argument("--log", default=".build-fuzz/cli", help="directory for findings.txt")
    options = parser.parse_args()
    if not os.access(options.binary, os.X_OK):
        sys.exit(f"fuzz-cli: no executable at {options.binary}; build it with: swift build -c release")
    os.makedirs(options.log, exist_ok=True)
    findings_path = os.path.join(options.log, "findings.txt")
    counts = {k: 0 for k in ["ok", "refusal", "crash", "hang", "silent", "mute"]}
    per_command = {}
    start = time.monotonic()
    runs = 0
    with tempfile.TemporaryDirectory(prefix="spectra-fuzz-cli-") as workdir, open(findings_path, "w") as findings:
        gen = Generator(random.Random(options.seed), workdir)
        while time.monotonic() - start < options.seconds and (options.runs == 0 or runs < options.runs):
            args = gen.command()
            data = [args[i + 1] for i, a in enumerate(args[:-1]) if a == "--data" and os.path.isfile(args[i + 1])]
            contents = {path: open(path, encoding="utf-8", newline="").read() for path in data}
            returncode, out, err, timed_out = run(options.binary, args, options.timeout)
            runs += 1
            verdict = classify(returncode, out, err, timed_out)
            counts[verdict] += 1
            name = " ".join(args[:2]) if args[0] == "finite" else args[0]
            if args[0] == "decay":
                name += " " + (args[2] if args[1] == "--method" else "analytic")
            per_command.setdefault(name, {k: 0 for k in counts})[verdict] += 1
            if verdict in ("crash", "hang", "silent", "mute"):
                findings.write(f"== {verdict} (run {runs}, exit {returncode})\n$ spectra {shlex.join(args)}\n")
                for path, text in contents.items():
                    findings.write(f"-- {os.path.basename(path)}:\n{text[:600]}\n")
                if verdict == "silent":
                    lines = [l for l in out.splitlines() if NON_FINITE.search(l) or FALSE_ZERO.search(l)]
                    findings.write("stdout (lines with nan/inf/exact_zero):\n" + "\n".join(lines[:5]) + "\n")
                findings.write("stderr:\n" + "\n".join(err.splitlines()[:8]) + "\n\n")
                findings.flush()
    elapsed = time.monotonic() - start
    print(f"fuzz-cli: seed {options.seed}, {runs} runs in {elapsed:.0f} s: " + ", ".join(f"{v} {k}" for k, v in counts.items()))
    for name in sorted(per_command):
        print(f"  {name:18s} " + " ".join(f"{k}={v}" for k, v in per_command[name].items() if v))
    bad = counts["crash"] + counts["hang"] + counts["silent"] + counts["mute"]
    if bad:
        print(f"fuzz-cli: {bad} findings, written to {findings_path}")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
