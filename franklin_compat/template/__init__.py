"""template: see docs/architecture.md."""
