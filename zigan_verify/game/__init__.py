"""zigan_verify.game: see the layers in docs/contributing.md."""
