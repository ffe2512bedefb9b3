"""Benchmarks: each prints its own figures beside a named peer doing the same work in the same run."""
