"""Checkers of the gradient-descent chapter (nnprimer.check.descent): right and wrong answers
for the contract in tests/test_check.py."""

CASES = {
    "momentum_step": (
        lambda w, buf, g, lr, mu: (w - lr * (mu * buf + g), mu * buf + g),
        [lambda w, buf, g, lr, mu: (w - lr * (mu * buf + (1 - mu) * g), mu * buf + (1 - mu) * g),  # dampened
         lambda w, buf, g, lr, mu: (w - lr * buf, mu * buf + g),  # the stale buffer
         lambda w, buf, g, lr, mu: (w - lr * g, buf)],  # no momentum at all
    ),
}
