"""hinterland: the spatial layout of China's major productive forces, measured and optimised."""

from hinterland.errors import DataError, HinterlandError, ValidationError

__all__ = ["DataError", "HinterlandError", "ValidationError", "__version__"]
__version__ = "0.1.0"
