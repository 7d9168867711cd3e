"""Reviewbot's benchmark script: ``python -m tests.bench [--quick] [--only NAME]``.

Not collected by pytest and not a test: it prints figures, it asserts nothing about timings.
"""
