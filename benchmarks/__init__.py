"""Benchmarks of the corpusbook pipeline; run with `make bench`."""
