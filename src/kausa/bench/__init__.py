"""Benchmarks and their data generators (`kausa bench ...`), one module per domain."""
