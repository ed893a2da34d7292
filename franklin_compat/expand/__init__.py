"""expand: see docs/architecture.md."""
