"""JARE (002, Nie & Patel): the simple GAN example, regularized Jacobians, general GANs."""
