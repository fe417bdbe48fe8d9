"""zigan_verify.analysis: see the layers in docs/contributing.md."""
