"""page: see docs/architecture.md."""
