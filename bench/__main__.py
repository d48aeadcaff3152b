"""Run every benchmark module in this package (``bench/*_bench.py``) that has
a ``run()`` function, in name order; ``python -m bench NAME ...`` runs only
those. Add a benchmark by adding a module. One failing benchmark does not
stop the others (its traceback is printed and the exit status is 1)."""

from __future__ import annotations

import importlib
import pkgutil
import sys
import traceback

import bench


def main(argv: list[str] | None = None) -> int:
    modules = pkgutil.iter_modules(bench.__path__)
    names = sorted(m.name for m in modules if m.name.endswith("_bench"))
    only = set(sys.argv[1:] if argv is None else argv)
    failed = 0
    for name in names:
        if only and name not in only:
            continue
        print(f"== {name}", flush=True)
        try:
            run = getattr(importlib.import_module(f"bench.{name}"), "run", None)
            if callable(run):
                run()
        except Exception:  # report and go on with the other benchmarks
            traceback.print_exc()
            failed += 1
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
