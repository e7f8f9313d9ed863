"""Benchmarks: each module is one command (`python -m bench.<name> [--quick]`) writing its section of BENCHMARKS.md."""
