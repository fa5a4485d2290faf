"""The report's maps: 34 units, the South China Sea inset, projection, labels, corridor frame."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest
import shapely
from pyproj import Geod, Transformer

from hinterland.atlas import adcodes
from hinterland.atlas import geometry as geo
from hinterland.corridors.flow import solve
from hinterland.corridors.network import CorridorNetwork
from hinterland.report import corridor_map as cm
from hinterland.report import map_base as mb
from hinterland.report import maps

CJK = re.compile(r"[\u4e00-\u9fff]")
CODE = re.compile(r"\b\d{6}\b")


def _texts(fig) -> list[str]:
    """Every string a reader can see: trace names, texts, hover texts, annotations, titles."""
    out = []
    for tr in fig.data:
        if tr.showlegend is not False and tr.name:
            out.append(tr.name)
        for attr in ("text", "hovertext"):
            v = getattr(tr, attr, None)
            if isinstance(v, str):
                out.append(v)
            elif v is not None:
                out += [str(s) for s in v]
        marker = getattr(tr, "marker", None)
        if marker is not None and marker.colorbar and marker.colorbar.title.text:
            out.append(marker.colorbar.title.text)
    out += [a.text for a in fig.layout.annotations]
    return out


@pytest.fixture(scope="module")
def gdppc():
    # any 31-province series: the atlas has no figure for Taiwan, Hong Kong, Macao
    return pd.Series(np.linspace(40_000, 200_000, 31), index=adcodes())


@pytest.fixture(scope="module", params=["zh", "en"])
def choro(request, gdppc):
    unit = "元" if request.param == "zh" else "yuan"
    return request.param, maps.choropleth(gdppc, "t", request.param, unit=unit)


def _fin(seq) -> list[float]:
    """The coordinates of a trace without its gaps (None or NaN)."""
    return [float(v) for v in seq if v is not None and np.isfinite(v)]


def _part(fig, part, code=None):
    return [
        tr
        for tr in fig.data
        if tr.meta and tr.meta.get("part") == part and (code is None or tr.meta["adcode"] == code)
    ]


def test_all_34_units_are_drawn_once_in_the_main_frame(choro):
    _, fig = choro
    codes = sorted(tr.meta["adcode"] for tr in _part(fig, "main"))
    assert codes == sorted(geo.unit_codes())
    assert len(codes) == 34 and {710000, 810000, 820000} <= set(codes)


def test_taiwan_hong_kong_macao_are_territory_greyed_as_no_data(choro):
    lang, fig = choro
    for code in (710000, 810000, 820000):
        (tr,) = _part(fig, "main", code)
        assert tr.fillcolor == maps.NO_DATA
        assert tr.text.endswith(maps.text("no_data", lang))
    (bj,) = _part(fig, "main", 110000)
    assert bj.fillcolor != maps.NO_DATA
    assert maps.text("no_data", lang) in [tr.name for tr in fig.data if tr.showlegend is not False]


def test_the_south_china_sea_inset_has_its_box_islands_dashes_and_taiwan(choro):
    lang, fig = choro
    (box,) = _part(fig, "inset_box")
    (islets,) = _part(fig, "inset_islets")
    (dashes,) = _part(fig, "inset_dashes")
    inset_units = {tr.meta["adcode"] for tr in _part(fig, "inset")}
    assert {460000, 440000, 710000} <= inset_units  # Hainan, Guangdong, Taiwan reach the box
    bx, by = _fin(box.x), _fin(box.y)
    xs = np.array(_fin([*islets.x, *dashes.x]))
    ys = np.array(_fin([*islets.y, *dashes.y]))
    assert min(bx) <= xs.min() and xs.max() <= max(bx)
    assert min(by) <= ys.min() and ys.max() <= max(by)
    assert len(islets.x) >= 20  # Xisha, Zhongsha, Nansha: many islands and reefs
    assert len(dashes.x) - len(_fin(dashes.x)) == 10  # the ten dashes, a gap after each
    assert box.name == maps.text("scs", lang)
    (title,) = _part(fig, "inset_title")
    assert title.text[0].replace("<br>", " ") == maps.text("scs", lang)
    # the box lies inside the main frame, at its lower right
    x0, x1 = fig.layout.xaxis.range
    y0, y1 = fig.layout.yaxis.range
    assert x0 < min(bx) and max(bx) <= x1 + 0.1 and y0 - 0.1 <= min(by) and max(by) < y1
    assert max(bx) == pytest.approx(x1, abs=0.1) and min(by) == pytest.approx(y0, abs=0.1)


def test_the_inset_box_covers_no_part_of_the_main_map():
    base = mb.base()
    sx0, sy0, sx1, sy1 = base.inset_src
    dx, dy = base.inset_dst
    box = shapely.box(dx, dy, dx + (sx1 - sx0) * mb.INSET_SCALE, dy + (sy1 - sy0) * mb.INSET_SCALE)
    frame = shapely.box(*base.main)
    for code, parts in base.parts.items():
        for p in parts:
            if p.intersects(frame):  # remote parts south of the frame are shown in the inset
                assert not p.intersects(box), code


def test_known_places_lie_in_their_unit():
    units = geo.units()
    places = {
        710000: (121.5654, 25.0330),  # Taipei 101 (en.wikipedia.org/wiki/Taipei_101)
        810000: (
            114.1455,
            22.2759,
        ),  # Victoria Peak, Hong Kong (en.wikipedia.org/wiki/Victoria_Peak)
        820000: (
            113.5409,
            22.1975,
        ),  # Ruins of St. Paul's, Macao (en.wikipedia.org/wiki/Ruins_of_Saint_Paul%27s)
        460000: (112.3333, 16.8339),  # Yongxing (Woody) Island (en.wikipedia.org/wiki/Woody_Island)
    }
    for code, (lon, lat) in places.items():
        assert units.geometry[code].distance(shapely.Point(lon, lat)) < 0.02, code


def test_projection_is_the_albers_conic_for_china():
    # an independent transformer from the published parameters: Albers equal-area conic,
    # standard parallels 25N and 47N, central meridian 105E, WGS-84
    ref = Transformer.from_crs(
        "EPSG:4326",
        "+proj=aea +lat_0=0 +lat_1=25 +lat_2=47 +lon_0=105 +x_0=0 +y_0=0 +datum=WGS84 +units=m",
        always_xy=True,
    )
    pts = {
        "Beijing": (116.4074, 39.9042),
        "Urumqi": (87.6168, 43.8256),
        "Sanya": (109.5120, 18.2528),
    }
    for lon, lat in pts.values():
        x, y = mb.project(lon, lat)
        rx, ry = ref.transform(lon, lat)
        assert float(x) == pytest.approx(rx / 1000, abs=1e-6)
        assert float(y) == pytest.approx(ry / 1000, abs=1e-6)
    assert float(mb.project(105.0, 30.0)[0]) == pytest.approx(0.0, abs=1e-9)  # central meridian
    assert float(mb.project(90.0, 35.0)[0]) < 0 < float(mb.project(120.0, 35.0)[0])


def test_projection_is_equal_area():
    # a 1 x 1 degree cell: area on the ellipsoid (pyproj.Geod) = area of its projected polygon
    geod = Geod(ellps="WGS84")
    for lon, lat in ((80.0, 40.0), (105.0, 25.0), (125.0, 48.0), (110.0, 5.0)):
        lons = np.r_[np.linspace(lon, lon + 1, 50), np.linspace(lon + 1, lon, 50)]
        lats = np.r_[np.full(50, lat), np.full(50, lat + 1)]
        ellipsoid = abs(geod.polygon_area_perimeter(lons, lats)[0]) / 1e6
        x, y = mb.project(lons, lats)
        assert shapely.Polygon(np.column_stack([x, y])).area == pytest.approx(ellipsoid, rel=1e-4)


def test_labels_are_short_names_in_the_readers_language(choro):
    lang, fig = choro
    (labels,) = _part(fig, "labels")
    shown = [*labels.text, *(a.text for a in fig.layout.annotations)]
    assert sorted(shown) == sorted(geo.unit_label(c, lang) for c in geo.unit_codes())
    expected = (
        ["北京", "内蒙古", "新疆", "台湾", "香港", "澳门"]
        if lang == "zh"
        else ["Beijing", "Inner Mongolia", "Xinjiang", "Taiwan", "Hong Kong", "Macao"]
    )
    assert set(expected) <= set(shown)
    for s in _texts(fig):
        assert not CODE.search(s), s
        if lang == "en":
            assert not CJK.search(s), s
    if lang == "zh":
        assert not any(re.search(r"[A-Za-z]", s) for s in shown)


def test_the_legend_states_the_unit(gdppc):
    fig = maps.choropleth(gdppc * 0 + 12.5, "t", "zh", unit="%")
    bars = [tr.marker.colorbar for tr in fig.data if tr.marker and tr.marker.showscale]
    assert [b.title.text for b in bars] == ["%"]
    (sh,) = _part(fig, "main", 310000)
    assert sh.text == "上海: 12.5 %"


def test_group_map_colours_and_legend():
    assign = pd.Series({110000: "east", 140000: "central", 650000: "west"})
    names = {"east": "东部", "central": "中部", "west": "西部"}
    fig = maps.categorical_map(assign, names, "t", "zh", colors={"east": "#123456"})
    (bj,) = _part(fig, "main", 110000)
    (tw,) = _part(fig, "main", 710000)
    assert bj.fillcolor == "#123456" and tw.fillcolor == maps.NO_DATA
    legend = [tr.name for tr in fig.data if tr.showlegend is not False and tr.name]
    assert legend[:3] == ["东部", "中部", "西部"]


@pytest.fixture(scope="module")
def network():
    net = CorridorNetwork.default()
    return net, solve(net)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_corridor_map_frame_holds_every_node_and_line(network, lang):
    net, base = network
    fig = cm.network_map(net.nodes, net.edges, base.flows, "t", lang, {"crude_oil": "x"})
    x0, x1 = fig.layout.xaxis.range
    y0, y1 = fig.layout.yaxis.range
    lon0 = cm.central_meridian(net.nodes["lon"])
    assert -180 <= lon0 < 180
    node_traces = [tr for tr in fig.data if tr.meta and "kind" in tr.meta]
    assert sum(len(tr.x) for tr in node_traces) == len(net.nodes)
    for tr in fig.data:
        if tr.meta and tr.meta.get("part") in ("world", "china", "dashes"):
            continue
        xs, ys = _fin(tr.x), _fin(tr.y)
        if xs:
            assert x0 <= min(xs) and max(xs) <= x1, tr.name
            assert y0 <= min(ys) and max(ys) <= y1, tr.name
    # no flow line jumps across the map (a geodesic cut at the map's edge is broken, not joined)
    for tr in fig.data:
        if tr.mode == "lines" and not tr.meta:
            for a, b in zip(tr.x[:-1], tr.x[1:], strict=True):
                if np.isfinite(a) and np.isfinite(b):
                    assert abs(a - b) < (x1 - x0) / 4


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_corridor_map_names_not_ids(network, lang):
    net, base = network
    names = {"crude_oil": "原油", "natural_gas": "天然气", "container": "集装箱"}
    if lang == "en":
        names = {"crude_oil": "Crude oil", "natural_gas": "Natural gas", "container": "Containers"}
    fig = cm.network_map(net.nodes, net.edges, base.flows, "t", lang, names)
    ids = set(net.nodes.index.astype(str)) | set(net.edges.index.astype(str))
    texts = _texts(fig)
    for s in texts:
        assert "edge:" not in s and s not in ids, s
        assert not re.search(r"[a-z]+_[a-z]+", s), s  # no snake_case ids such as port_shanghai
    legend = [tr.name for tr in fig.data if tr.showlegend is not False and tr.name]
    kinds = [k[0 if lang == "zh" else 1] for k in cm.KINDS.values()]
    assert set(kinds) <= set(legend) and set(names.values()) <= set(legend)
    shanghai = "上海港" if lang == "zh" else "Shanghai"
    assert shanghai in texts
    if lang == "en":
        assert not any(CJK.search(s) for s in texts)
    else:
        assert any("万吨/年" in s for s in texts)  # Mt/yr shown as 万吨/年 in Chinese


def test_central_meridian_hand_cases():
    assert cm.central_meridian([10, 20, 30]) == 20
    assert cm.central_meridian([170, -170]) == -180  # the arc across the antimeridian
    # Europe 8E, China 131E, the Gulf of Mexico 100W: the empty arc is the Atlantic-Americas gap
    # (131E -> 100W is 129 degrees, 100W -> 8E is 108): the map is cut in the Pacific
    assert cm.central_meridian([-100, 8, 131]) == 16


def test_world_outline_projected_across_the_cut_does_not_join():
    world = geo.world()
    assert {"CHN", "RUS", "USA", "IND"} <= set(world.index) and len(world) > 190
    proj = cm._Projection(134.0)  # cut at 46W: through Greenland and Brazil
    for iso3 in ("GRL", "BRA", "RUS"):
        km = proj.geometry(world.geometry[iso3])
        for p in shapely.get_parts(km):
            c = np.asarray(p.exterior.coords)
            assert np.abs(np.diff(c[:, 0])).max() < 3000, iso3
    assert world.geometry["CHN"].contains(shapely.Point(121.5654, 25.0330))  # Taipei


def test_labels_of_near_points_are_placed_apart():
    # two points 15 px apart vertically at 25 km/px: the second label must not take the first's box
    xy = {"a": (0.0, 0.0), "b": (0.0, -375.0)}
    where = cm.place_labels(xy, {"a": "台湾海峡", "b": "吕宋海峡"}, 25.0)
    h = cm.LABEL_PX * 25.0
    boxes = {}
    for k, (x, y) in xy.items():
        fx, fy = cm._POSITIONS[where[k]]
        w = 4 * h
        boxes[k] = shapely.box(x + fx * w, y + fy * h, x + (fx + 1) * w, y + (fy + 1) * h)
    assert boxes["a"].intersection(boxes["b"]).area == 0
    assert not boxes["a"].contains(shapely.Point(xy["b"]))
    assert not boxes["b"].contains(shapely.Point(xy["a"]))
