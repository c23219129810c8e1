"""Stage 2, compute and check: the model in, every figure any output shows (by the format's
scoring rules) and the errors and warnings, each at `sheet!cell`, out. Nothing else computes a figure."""
