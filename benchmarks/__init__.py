"""Benchmarks: one command each, printing a table (python -m benchmarks.<name>)."""
