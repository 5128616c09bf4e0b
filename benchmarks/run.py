"""Benchmarks of the nnprimer companion and the book, printed as Markdown tables.

Every comparison is measured side by side in ONE process: the two sides alternate, round
after round, and each keeps its best round (the least disturbed by other work on the
machine). Ratios from one run are meaningful; absolute times across runs are not.

Usage (from the repository root, in the project's virtual environment)::

    python benchmarks/run.py                       # everything but the site build
    python benchmarks/run.py --only activations,fit
    python benchmarks/run.py --build               # also the site build, cold and warm (minutes)
    python benchmarks/run.py --quick --only activations,import   # seconds (smoke test)
    python benchmarks/run.py --json benchmarks/results/2026-11-23.json

Sections: activations (the plain-numpy reference vs PyTorch, forward and derivative;
reported, no target: the reference is written as its formulas, not for speed), softmax
(softmax and log-softmax), kernels (elementwise vs matrix multiplication: bytes and
flops per second), fit (nnprimer.train.fit vs a bare training loop), import (module
import times in a fresh interpreter), notebooks (each notebook's execution time next to
the floor: a kernel that imports numpy, torch, matplotlib and nnprimer), build (the site,
cold and warm; only with --build or --only build).
"""
from __future__ import annotations

import argparse
import contextlib
import datetime as _dt
import inspect
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Callable

ROOT = Path(__file__).resolve().parent.parent
SECTIONS = ("activations", "softmax", "kernels", "fit", "import", "notebooks", "build")
DEFAULT = tuple(s for s in SECTIONS if s != "build")


# ---- timing ------------------------------------------------------------------------------

def side_by_side(fns: dict[str, Callable[[], Any]], *, rounds: int, number: int) -> dict[str, float]:
    """Seconds per call of each function: alternate them ``rounds`` times, keep each one's best.

    Each round times ``number`` consecutive calls of one function and divides by ``number``;
    the functions take turns, so a burst of load on the machine hits all of them alike.
    """
    for fn in fns.values():  # warm-up: first-call allocations, lazy imports, caches
        fn()
    best = {name: float("inf") for name in fns}
    for _ in range(rounds):
        for name, fn in fns.items():
            start = time.perf_counter()
            for _ in range(number):
                fn()
            best[name] = min(best[name], (time.perf_counter() - start) / number)
    return best


def table(title: str, header: list[str], rows: list[list[Any]], note: str = "") -> str:
    def cell(v: Any) -> str:
        if isinstance(v, float):
            return f"{v:.3g}" if abs(v) < 1000 else f"{v:.0f}"
        return str(v)

    lines = [f"### {title}", ""]
    if note:
        lines += [note, ""]
    lines.append("| " + " | ".join(header) + " |")
    lines.append("|" + "|".join("---" for _ in header) + "|")
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


# ---- sections ----------------------------------------------------------------------------

def bench_activations(quick: bool) -> dict:
    """Each activation's numpy value and derivative against torch's forward and backward.

    What it shows is the cost of plain numpy: one pass over memory and one temporary
    array per operation of a formula, where torch runs one compiled loop per function.
    """
    import numpy as np
    import torch

    from nnprimer import activations as A
    from nnprimer.train import torch_threads

    n = 10_000 if quick else 1_000_000
    rounds, number = (2, 1) if quick else (5, 3)
    rng = np.random.default_rng(0)
    x = rng.standard_normal(n).astype(np.float32) * 3
    t = torch.from_numpy(x.copy())
    ones = torch.ones(n)
    rows = []
    with torch_threads(1):
        for name in A.ELEMENTWISE:
            act = A.get(name)

            def torch_fwd(act=act):
                with torch.no_grad():
                    return act.torch(t)

            def torch_both(act=act):
                ti = t.detach().requires_grad_(True)
                out = act.torch(ti)
                (g,) = torch.autograd.grad(out, ti, ones)
                return out, g

            best = side_by_side({
                "numpy_f": lambda act=act: act(x),
                "torch_f": torch_fwd,
                "numpy_fg": lambda act=act: (act(x), act.grad(x)),
                "torch_fg": torch_both,
            }, rounds=rounds, number=number)
            rows.append({
                "name": name, **{k: v for k, v in best.items()},
                "ratio_f": best["numpy_f"] / best["torch_f"],
                "ratio_fg": best["numpy_fg"] / best["torch_fg"],
            })
    ratios = [r["ratio_fg"] for r in rows]
    return {
        "n": n, "dtype": "float32", "threads": 1, "rows": rows,
        "median_ratio_fg": statistics.median(ratios), "max_ratio_fg": max(ratios),
    }


def show_activations(res: dict) -> str:
    rows = [[r["name"], r["numpy_f"] * 1e3, r["torch_f"] * 1e3, r["ratio_f"],
             r["numpy_fg"] * 1e3, r["torch_fg"] * 1e3, r["ratio_fg"]]
            for r in sorted(res["rows"], key=lambda r: -r["ratio_fg"])]
    note = (f"{res['n']:,} {res['dtype']} elements, one thread each side. f: forward; "
            "f+f': numpy forward and `.grad` vs torch forward and backward (autograd). "
            f"Ratio numpy / torch: median {res['median_ratio_fg']:.2f}, "
            f"slowest {res['max_ratio_fg']:.2f} (forward and derivative). "
            "Reported, not a target: the numpy reference reads like its formulas.")
    return table("Activations: plain numpy reference vs PyTorch", [
        "activation", "numpy f (ms)", "torch f (ms)", "ratio f",
        "numpy f+f' (ms)", "torch f+backward (ms)", "ratio f+f'"], rows, note)


def bench_softmax(quick: bool) -> dict:
    import numpy as np
    import torch

    from nnprimer import activations as A
    from nnprimer.train import torch_threads

    shape = (64, 100) if quick else (1024, 1000)
    rounds, number = (2, 1) if quick else (5, 3)
    x = np.random.default_rng(0).standard_normal(shape).astype(np.float32) * 3
    t = torch.from_numpy(x.copy())
    rows = []
    with torch_threads(1), torch.no_grad():
        for name, np_fn, t_fn in [("softmax", A.softmax, torch.softmax),
                                  ("log_softmax", A.log_softmax, torch.log_softmax)]:
            best = side_by_side({"numpy": lambda f=np_fn: f(x, axis=-1),
                                 "torch": lambda f=t_fn: f(t, dim=-1)},
                                rounds=rounds, number=number)
            rows.append({"name": name, **best, "ratio": best["numpy"] / best["torch"]})
    return {"shape": list(shape), "dtype": "float32", "threads": 1, "rows": rows}


def show_softmax(res: dict) -> str:
    rows = [[r["name"], r["numpy"] * 1e3, r["torch"] * 1e3, r["ratio"]] for r in res["rows"]]
    note = f"{res['shape'][0]} × {res['shape'][1]} float32, along the last axis, one thread each side, forward only."
    return table("Softmax and log-softmax: numpy vs PyTorch", ["function", "numpy (ms)", "torch (ms)", "ratio"],
                 rows, note)


def bench_kernels(quick: bool) -> dict:
    """Arithmetic intensity: elementwise work moves bytes, matrix multiplication does flops."""
    import numpy as np
    import torch

    from nnprimer.train import torch_threads

    n = 10_000 if quick else 1_000_000
    m = 64 if quick else 512
    rounds, number = (2, 1) if quick else (5, 3)
    rng = np.random.default_rng(0)
    x = rng.standard_normal(n).astype(np.float32)
    y = rng.standard_normal(n).astype(np.float32)
    a = rng.standard_normal((m, m)).astype(np.float32)
    b = rng.standard_normal((m, m)).astype(np.float32)
    out = np.empty_like(x)
    ta, tb, tx = torch.from_numpy(a), torch.from_numpy(b), torch.from_numpy(x)
    # (label, function, bytes moved, floating-point operations)
    cases = [
        ("x + y (numpy)", lambda: np.add(x, y, out=out), 12 * n, n),
        ("max(x, 0) (numpy)", lambda: np.maximum(x, 0, out=out), 8 * n, n),
        ("exp(x) (numpy)", lambda: np.exp(x, out=out), 8 * n, n),
        ("relu(x) (torch)", lambda: torch.relu(tx), 8 * n, n),
        (f"A @ B, {m}×{m} (numpy)", lambda: a @ b, 12 * m * m, 2 * m ** 3),
        (f"A @ B, {m}×{m} (torch)", lambda: ta @ tb, 12 * m * m, 2 * m ** 3),
    ]
    try:  # numpy's BLAS on one thread too, when threadpoolctl is there to say so
        from threadpoolctl import threadpool_limits
        blas = threadpool_limits(limits=1, user_api="blas")
        blas_threads = 1
    except ImportError:
        blas, blas_threads = contextlib.nullcontext(), None
    with blas, torch_threads(1), torch.no_grad():
        best = side_by_side({c[0]: c[1] for c in cases}, rounds=rounds, number=number)
    rows = [{"name": label, "seconds": best[label], "bytes": nbytes, "flops": flops,
             "gb_per_s": nbytes / best[label] / 1e9, "gflop_per_s": flops / best[label] / 1e9,
             "flops_per_byte": flops / nbytes}
            for label, _, nbytes, flops in cases]
    return {"n": n, "m": m, "threads": 1, "numpy_blas_threads": blas_threads, "rows": rows}


def show_kernels(res: dict) -> str:
    rows = [[r["name"], r["seconds"] * 1e3, r["flops_per_byte"], r["gb_per_s"], r["gflop_per_s"]]
            for r in res["rows"]]
    note = (f"Elementwise on {res['n']:,} float32 (bytes = arrays read + written, 4 bytes each); "
            f"matrix product of two {res['m']}×{res['m']} float32 matrices (2m³ flops). One thread "
            f"(numpy's BLAS: {res['numpy_blas_threads'] or 'its default number of'} thread(s)).")
    return table("Memory-bound vs compute-bound", ["operation", "time (ms)", "flops per byte",
                                                   "GB/s", "GFLOP/s"], rows, note)


def bench_fit(quick: bool) -> dict:
    import numpy as np
    import torch
    from torch import nn

    from nnprimer import data
    from nnprimer.train import torch_threads
    from nnprimer.train import fit, mlp

    d = data.digits()
    X_train, y_train = np.asarray(d[0]), np.asarray(d[1])
    X_val, y_val = np.asarray(d[2]), np.asarray(d[3])
    epochs = 1 if quick else 8
    sizes = [64, 256, 64, 10]
    batch = 64
    has_track = "track" in inspect.signature(fit).parameters

    def bare() -> None:
        """What a reader writes by hand: shuffle, steps (logging each loss), evaluate per epoch."""
        torch.manual_seed(0)
        model = mlp(sizes, rng=0)
        Xt, yt = torch.as_tensor(X_train, dtype=torch.float32), torch.as_tensor(y_train, dtype=torch.long)
        Xv, yv = torch.as_tensor(X_val, dtype=torch.float32), torch.as_tensor(y_val, dtype=torch.long)
        opt = torch.optim.SGD(model.parameters(), lr=0.1)
        loss_fn = nn.CrossEntropyLoss()
        g = torch.Generator().manual_seed(0)
        losses, evals = [], []
        for _ in range(epochs):
            model.train()
            order = torch.randperm(len(Xt), generator=g)
            for i in range(0, len(Xt), batch):
                idx = order[i:i + batch]
                opt.zero_grad(set_to_none=True)
                loss = loss_fn(model(Xt[idx]), yt[idx])
                loss.backward()
                opt.step()
                losses.append(loss.item())
            model.eval()
            with torch.no_grad():
                for XX, yy in ((Xt, yt), (Xv, yv)):
                    logits = model(XX)
                    evals.append((loss_fn(logits, yy).item(), (logits.argmax(1) == yy).float().mean().item()))

    def run_fit(**kw) -> None:
        fit(mlp(sizes, rng=0), d, epochs=epochs, lr=0.1, batch_size=batch, rng=0, device="cpu",
            progress=False, **kw)

    fns = {"bare loop": bare, "fit (default tracking)": run_fit}
    if has_track:
        fns["fit (track=False)"] = lambda: run_fit(track=False)
    with torch_threads(1):
        best = side_by_side(fns, rounds=2 if quick else 20, number=1)
    rows = [{"name": k, "seconds": v, "ratio": v / best["bare loop"]} for k, v in best.items()]
    return {"model": "MLP " + "-".join(map(str, sizes)), "epochs": epochs, "batch_size": batch,
            "train_examples": int(len(X_train)), "threads": 1, "has_track_option": has_track, "rows": rows}


def show_fit(res: dict) -> str:
    rows = [[r["name"], r["seconds"], r["ratio"]] for r in res["rows"]]
    note = (f"{res['model']} on the digits ({res['train_examples']} training examples), "
            f"{res['epochs']} epochs, batch {res['batch_size']}, SGD, CPU, one thread. The bare loop "
            "shuffles, steps (logging each mini-batch loss with `.item()`) and evaluates loss and "
            "accuracy on the training and validation sets after each epoch, as `fit` records them.")
    return table("Training loop: fit vs a bare loop", ["loop", "seconds", "ratio to bare loop"], rows, note)


def bench_import(quick: bool) -> dict:
    repeat = 2 if quick else 5
    code = ("import sys, time; t = time.perf_counter(); import {mod}; "
            "dt = time.perf_counter() - t; "
            "print(dt, 'torch' in sys.modules, 'matplotlib' in sys.modules)")
    rows = []
    for mod in ("nnprimer", "nnprimer.activations", "nnprimer.train"):
        times, torch_in, mpl_in = [], None, None
        for _ in range(repeat):
            out = subprocess.run([sys.executable, "-c", code.format(mod=mod)], capture_output=True,
                                 text=True, check=True, cwd=ROOT).stdout.split()
            times.append(float(out[0]))
            torch_in, mpl_in = out[1] == "True", out[2] == "True"
        rows.append({"module": mod, "seconds": min(times), "imports_torch": torch_in,
                     "imports_matplotlib": mpl_in})
    return {"repeat": repeat, "rows": rows}


def show_import(res: dict) -> str:
    rows = [[f"`import {r['module']}`", r["seconds"], "yes" if r["imports_torch"] else "no",
             "yes" if r["imports_matplotlib"] else "no"] for r in res["rows"]]
    note = f"Fresh interpreter each time, best of {res['repeat']}; interpreter start-up not included."
    return table("Import times", ["statement", "seconds", "loads torch", "loads matplotlib"], rows, note)


def _execute(nb, cwd: Path, timeout: int = 600) -> float:
    from nbclient import NotebookClient

    start = time.perf_counter()
    NotebookClient(nb, timeout=timeout, kernel_name="python3", resources={"metadata": {"path": str(cwd)}}).execute()
    return time.perf_counter() - start


def bench_notebooks(quick: bool) -> dict:
    import nbformat

    floor_nb = nbformat.v4.new_notebook()
    floor_nb.cells = [nbformat.v4.new_code_cell("import numpy, torch, matplotlib.pyplot, nnprimer")]
    floor = min(_execute(nbformat.from_dict(floor_nb), ROOT / "book" / "en") for _ in range(1 if quick else 3))
    paths = sorted((ROOT / "book" / "en").glob("*.ipynb")) + sorted((ROOT / "book" / "zh").glob("*.ipynb"))
    if quick:
        paths = paths[:1]
    rows = []
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        start, error = time.perf_counter(), None
        try:
            _execute(nb, path.parent)
        except Exception as exc:  # a notebook that raises: its time up to the error, and the error
            error = f"{type(exc).__name__}: {str(exc).strip().splitlines()[-1][:200]}"
            print(f"{path.relative_to(ROOT)} raised {error}", file=sys.stderr)
        seconds = time.perf_counter() - start
        rows.append({"notebook": str(path.relative_to(ROOT)), "seconds": seconds, "over_floor": seconds - floor,
                     "error": error})
    total = sum(r["seconds"] for r in rows)
    return {"floor_seconds": floor, "rows": rows, "total_seconds": total,
            "total_floor_seconds": floor * len(rows),
            "target_seconds": 2 * floor * len(rows) + 180}


def show_notebooks(res: dict) -> str:
    rows = [[r["notebook"] + (" (raised an error)" if r.get("error") else ""), r["seconds"], r["over_floor"]]
            for r in res["rows"]]
    rows.append(["**all notebooks**", res["total_seconds"], res["total_seconds"] - res["total_floor_seconds"]])
    note = (f"nbclient, one notebook at a time, kernel start included. Floor (start a kernel, import numpy, "
            f"torch, matplotlib and nnprimer): {res['floor_seconds']:.2f} s per notebook, "
            f"{res['total_floor_seconds']:.1f} s for all; target for the book: 2 × floor + 180 s = "
            f"{res['target_seconds']:.0f} s.")
    return table("Notebook execution times", ["notebook", "seconds", "above the floor"], rows, note)


def bench_build(quick: bool) -> dict:
    out = Path(tempfile.mkdtemp(prefix="nnprimer-bench-build-"))
    cmd = [sys.executable, str(ROOT / "book" / "build.py"), "--build-dir", str(out)]
    rows = []
    try:
        for label in ("cold (empty output folder and execution cache)", "warm (nothing changed)"):
            start = time.perf_counter()
            proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
            rows.append({"build": label, "seconds": time.perf_counter() - start, "exit": proc.returncode})
            if proc.returncode != 0:  # say why, on stderr (the tables stay on stdout)
                print(f"{label}: book/build.py exited with {proc.returncode}:\n{(proc.stdout + proc.stderr)[-3000:]}",
                      file=sys.stderr)
    finally:
        shutil.rmtree(out, ignore_errors=True)
    return {"command": "python book/build.py --build-dir <tmp>", "rows": rows}


def show_build(res: dict) -> str:
    rows = [[r["build"], r["seconds"], r["exit"]] for r in res["rows"]]
    return table("Site build", ["build", "seconds", "exit status"], rows, f"`{res['command']}`, run twice.")


BENCH = {"activations": (bench_activations, show_activations), "softmax": (bench_softmax, show_softmax),
         "kernels": (bench_kernels, show_kernels), "fit": (bench_fit, show_fit),
         "import": (bench_import, show_import), "notebooks": (bench_notebooks, show_notebooks),
         "build": (bench_build, show_build)}


def machine() -> dict:
    import numpy as np
    info = {"platform": platform.platform(), "processor": platform.processor() or platform.machine(),
            "cpu_count": os.cpu_count(), "python": platform.python_version(), "numpy": np.__version__}
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    info["processor"] = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    try:
        import torch
        info["torch"] = torch.__version__
    except ImportError:
        pass
    try:
        info["git_commit"] = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                                            text=True).stdout.strip() or None
    except OSError:
        info["git_commit"] = None
    return info


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--only", help=f"comma-separated sections among: {', '.join(SECTIONS)}")
    p.add_argument("--build", action="store_true", help="also time the site build, cold and warm (minutes)")
    p.add_argument("--quick", action="store_true", help="tiny sizes and few rounds (a smoke test, not a measurement)")
    p.add_argument("--json", metavar="PATH", help="also write the results, command, machine and date to PATH")
    args = p.parse_args(argv)
    if args.only:
        args.sections = [s.strip() for s in args.only.split(",") if s.strip()]
        unknown = [s for s in args.sections if s not in SECTIONS]
        if unknown:
            p.error(f"--only: unknown section(s) {unknown}; expected some of {list(SECTIONS)}")
    else:
        args.sections = list(DEFAULT) + (["build"] if args.build else [])
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    sys.path.insert(0, str(ROOT / "companion" / "src"))  # the repository's package if not installed
    results: dict[str, Any] = {
        "command": "python benchmarks/run.py " + " ".join(sys.argv[1:] if argv is None else argv),
        "date": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
        "quick": args.quick, "machine": machine(), "sections": {},
    }
    print(f"# nnprimer benchmarks\n\n{results['date']} · {results['machine']['processor']} · "
          f"{results['machine']['cpu_count']} CPUs · Python {results['machine']['python']} · "
          f"numpy {results['machine']['numpy']} · torch {results['machine'].get('torch', '-')}\n", flush=True)
    for name in args.sections:
        bench, show = BENCH[name]
        start = time.perf_counter()
        res = bench(args.quick)
        res["section_seconds"] = time.perf_counter() - start
        results["sections"][name] = res
        print(show(res), flush=True)
        if args.json:  # after every section, so that a long run interrupted keeps what it measured
            Path(args.json).parent.mkdir(parents=True, exist_ok=True)
            Path(args.json).write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
