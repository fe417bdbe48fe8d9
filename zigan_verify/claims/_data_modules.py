"""The registry's data modules, one per paper, in paper order (NOTE: [claims registry])."""

DATA_MODULES = ("p000_zigan", "p001_strict", "p002_jare", "p003_landscape", "p004_lssp")
