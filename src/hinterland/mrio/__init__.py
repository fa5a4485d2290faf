"""Multi-regional input-output (MRIO): the table, its loaders, kernels, analyses and shocks."""
