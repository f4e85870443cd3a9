"""Benchmarks that ship with the package (`review bench …`), built from the bundled
sample sources so an installed copy can measure itself."""
