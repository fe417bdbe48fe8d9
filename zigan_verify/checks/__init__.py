"""Claim checks: each returns a zigan_verify.claims.Evidence (NOTE: [claims registry])."""
