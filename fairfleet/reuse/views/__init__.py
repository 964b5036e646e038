"""Pages of the end of first use: triage, routes, erasure, campaigns and storage."""
