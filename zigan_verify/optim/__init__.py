"""zigan_verify.optim: see the layers in docs/contributing.md."""
