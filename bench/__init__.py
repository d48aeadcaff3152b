"""Benchmarks: `python -m bench` (`make bench`) runs every ``bench/*_bench.py``
module's ``run()``. Not part of the test suite: timings depend on the machine."""
