"""Issue 27 part 4: spectra per parameter group (against the dense Hessian's diagonal blocks) and
on mini-batches (against the games built on the same rows by module_game)."""

import numpy as np
import pytest
import torch

from zigan_verify._errors import ZiganError
from zigan_verify.analysis.landscape_blocks import group_top_k, minibatch_top_k, parameter_groups
from zigan_verify.analysis.spectrum import top_k
from zigan_verify.game.module_game import module_game


def _mlp(i, h, o, seed):
    torch.manual_seed(seed)
    return torch.nn.Sequential(torch.nn.Linear(i, h), torch.nn.Tanh(), torch.nn.Linear(h, o))


def _game(losses="nsgan", n=40):
    gen = torch.Generator().manual_seed(4)
    x = torch.randn(n, 1, generator=gen) + 1.0
    z = torch.randn(n, 2, generator=gen)
    return module_game(_mlp(2, 5, 1, 0), _mlp(1, 4, 1, 1), data=x, latents=z, losses=losses)


def test_layer_groups_partition_omega():
    game = _game()
    groups = parameter_groups(game, "layer")
    assert list(groups) == ["generator.0", "generator.2", "discriminator.0", "discriminator.2"]
    covered = np.concatenate([np.arange(s.start, s.stop) for _, s in groups.values()])
    np.testing.assert_array_equal(covered, np.arange(game.dim))
    assert groups["generator.0"] == ("G", slice(0, 15))  # 2 x 5 weight + 5 bias
    assert groups["discriminator.0"][1].start == game.n_theta
    assert len(parameter_groups(game, "tensor")) == 8


@pytest.mark.parametrize("label", ["generator.0", "generator.2.bias", "discriminator.0"])
def test_group_spectrum_is_the_dense_diagonal_block(label):
    """The group's eigenvalues are eigvalsh of J[g, g] (J from jacfwd: rows of S_1 / S_2), and by
    Cauchy interlacing lie within the player's Hessian spectrum."""
    game = _game()
    w = game.initial_point + 0.2
    groups = {**parameter_groups(game, "layer"), **parameter_groups(game, "tensor")}
    player, sl = groups[label]
    J = game.jacobian(w).numpy()
    block = J[sl, sl]
    exact = np.linalg.eigvalsh((block + block.T) / 2)
    got = group_top_k(game, w, label, k=3, which="SA")
    np.testing.assert_allclose(
        np.sort(got.eigenvalues.real), exact[: got.eigenvalues.size], atol=1e-10
    )
    assert got.residuals.max() < 1e-8
    n = game.n_theta
    S = J[:n, :n] if player == "G" else J[n:, n:]
    assert exact[0] >= np.linalg.eigvalsh((S + S.T) / 2)[0] - 1e-12


def test_player_group_equals_the_player_spectrum():
    game = _game()
    w = game.initial_point
    got = group_top_k(game, w, "discriminator", k=4)
    want = top_k(game, w, 4, block="D", which="LM")
    np.testing.assert_allclose(
        np.sort(got.eigenvalues.real), np.sort(want.eigenvalues.real), atol=1e-12
    )


def test_minibatch_spectra_average_and_standard_error():
    """averaged = the game on the union of the batches' rows; per_batch[b] = the game on batch b
    (same seeded permutation); stderr = sample std over batches / sqrt(m), per rank."""
    game = _game(n=40)
    w = game.initial_point + 0.1
    res = minibatch_top_k(game, w, 3, batch_size=10, n_batches=3, block="D", which="LM", seed=7)
    perm = torch.randperm(40, generator=torch.Generator().manual_seed(7))

    def on(rows):
        g = module_game(
            _mlp(2, 5, 1, 0), _mlp(1, 4, 1, 1), data=game.data[rows], latents=game.latents[rows]
        )
        return np.sort(np.abs(top_k(g, w, 3, block="D", which="LM").eigenvalues))[::-1]

    np.testing.assert_allclose(
        np.sort(np.abs(res.averaged.eigenvalues))[::-1], on(perm[:30]), rtol=1e-10
    )
    for b in range(3):
        np.testing.assert_allclose(
            np.abs(res.per_batch[b]), on(perm[10 * b : 10 * b + 10]), rtol=1e-10
        )
    want_se = res.per_batch.real.std(axis=0, ddof=1) / np.sqrt(3)
    np.testing.assert_allclose(res.stderr.real, want_se, rtol=1e-12)
    assert (res.stderr.real > 0).all()  # different batches, different spectra


def test_minibatch_errors():
    game = _game(n=40)
    with pytest.raises(ZiganError, match="disjoint batches"):
        minibatch_top_k(game, game.initial_point, 2, batch_size=30, n_batches=2)
    with pytest.raises(ZiganError, match="WGAN-GP"):
        minibatch_top_k(
            _game("wgan_gp"), _game("wgan_gp").initial_point, 2, batch_size=10, n_batches=2
        )
