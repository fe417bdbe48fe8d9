"""Experiments, one module per experiment (000 §7, 004 MoG, 003 two-cluster): runner, metrics, figures."""
