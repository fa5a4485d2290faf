"""The embedded atlas of China's 31 mainland provinces: regions, groupings, indicators, geometry."""

from hinterland.atlas.groupings import Grouping, grouping, groupings
from hinterland.atlas.indicators import IndicatorTable, definitions
from hinterland.atlas.regions import NATION, adcodes, label, labels, regions, resolve

__all__ = [
    "NATION",
    "Grouping",
    "IndicatorTable",
    "adcodes",
    "definitions",
    "grouping",
    "groupings",
    "label",
    "labels",
    "regions",
    "resolve",
]
