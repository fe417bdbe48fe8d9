"""zigan_verify.interfaces: see the layers in docs/contributing.md."""
