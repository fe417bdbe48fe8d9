"""zigan_verify.data: see the layers in docs/contributing.md."""
