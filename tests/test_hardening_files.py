"""Bad input files, loader by loader: exit code 2, one line ``error:``, the culprit named.

One table of cases per class of input (the user's files a command reads). Each case starts
from a valid file or folder (written here, or copied from the package's own data), breaks one
thing, runs the command line in-process and checks that the error is one line naming the file
or the key at fault and that no traceback is printed. The indicator table has no command of
its own that reads a user's file, so its cases call :meth:`IndicatorTable.from_csv`.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import hinterland
from hinterland import cli
from hinterland.atlas import IndicatorTable
from hinterland.errors import HinterlandError
from hinterland.mrio.load import to_pymrio, write_csv_dir
from hinterland.mrio.table import MRIO

PACKAGE = Path(hinterland.__file__).resolve().parent
DIR = object()
"""Stands for "a folder where a file should be"."""
MISSING = None


def cli_error(monkeypatch, capsys, argv: list[str]) -> str:
    """Run the command line; assert exit 2, one line 'error: ...', no traceback; return it."""
    monkeypatch.setattr(sys, "argv", ["hinterland", *argv])
    with pytest.raises(SystemExit) as exc:
        cli.main()
    out, err = capsys.readouterr()
    assert exc.value.code == 2, (out, err)
    assert "Traceback" not in err + out
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("error: "), err
    return lines[0]


def put(folder: Path, files: dict[str, object]) -> None:
    """Write ``files`` (name -> text, bytes, DIR, or MISSING to delete) into ``folder``."""
    for name, content in files.items():
        path = folder / name
        if path.is_dir():
            shutil.rmtree(path)
        else:
            path.unlink(missing_ok=True)
        if content is MISSING:
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        if content is DIR:
            path.mkdir()
        elif isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(str(content), encoding="utf-8")


def generic(name: str, valid: str) -> list[tuple[str, dict, str]]:
    """The defects every text file can have: (id, files, culprit)."""
    return [
        (f"{name}-missing", {name: MISSING}, name),
        (f"{name}-folder", {name: DIR}, name),
        (f"{name}-empty", {name: ""}, name),
        (f"{name}-binary", {name: b"\x00\x01\x02PK\x03\x04" * 20}, name),
        (
            f"{name}-latin1",
            {name: valid.encode() + "caf\xe9,\xe9t\xe9\n".encode("latin-1")},
            name,
        ),
        (f"{name}-truncated", {name: valid[: len(valid) // 3]}, name),
    ]


def ids(cases):
    return [c[0] for c in cases]


# --- groupings (YAML) -------------------------------------------------------------------------

GROUPING = """\
name: mine
label_zh: 我的
label_en: Mine
source: test
members:
  a:
    adcodes: [510000, 500000]
  b:
    adcodes: [110000]
"""
GROUPING_CASES = [
    *[c for c in generic("g.yaml", GROUPING) if not c[0].endswith("truncated")],
    ("dup-key", {"g.yaml": GROUPING + "members:\n  c: {adcodes: [120000]}\n"}, "members"),
    ("dup-group", {"g.yaml": GROUPING + "  a:\n    adcodes: [120000]\n"}, "'a'"),
    ("list-top", {"g.yaml": "- 1\n- 2\n"}, "mapping"),
    ("unknown-adcode", {"g.yaml": GROUPING.replace("110000", "999999")}, "999999"),
    ("adcode-text", {"g.yaml": GROUPING.replace("110000", "beijing")}, "beijing"),
    ("adcode-nan", {"g.yaml": GROUPING.replace("110000", ".nan")}, "nan"),
    ("members-list", {"g.yaml": GROUPING.split("members:")[0] + "members: [1, 2]\n"}, "members"),
    ("no-members", {"g.yaml": GROUPING.split("members:")[0]}, "members"),
    ("python-tag", {"g.yaml": "!!python/object/apply:os.system ['true']\n"}, "g.yaml"),
    ("bad-yaml", {"g.yaml": "name: [unclosed\n"}, "line"),
]


@pytest.mark.parametrize(("case", "files", "culprit"), GROUPING_CASES, ids=ids(GROUPING_CASES))
@pytest.mark.parametrize("command", ["groups", "disparity"])
def test_bad_grouping_files(monkeypatch, capsys, tmp_path, case, files, culprit, command):
    put(tmp_path, {"g.yaml": GROUPING})
    put(tmp_path, files)
    path = str(tmp_path / "g.yaml")
    argv = ["atlas", "groups", path] if command == "groups" else ["disparity", "--by", path]
    line = cli_error(monkeypatch, capsys, argv)
    assert culprit in line, line


# --- indicator tables (CSV, through the API) -------------------------------------------------

INDICATORS = (
    "adcode,year,indicator,value,unit,source,edition,read_from,checked,note\n"
    "510000,2023,gdp,60132.9,亿元,国家统计局,current,https://data.stats.gov.cn,official,\n"
    "500000,2023,gdp,30145.8,亿元,国家统计局,current,https://data.stats.gov.cn,official,\n"
)


def _ind_row(value="60132.9", adcode="510000", year="2023", indicator="gdp"):
    return f"{adcode},{year},{indicator},{value},亿元,国家统计局,current,https://x,official,\n"


INDICATOR_CASES = [
    *generic("i.csv", INDICATORS),
    ("nan", {"i.csv": INDICATORS + _ind_row("nan", "110000")}, "'nan'"),
    ("inf", {"i.csv": INDICATORS + _ind_row("inf", "110000")}, "'inf'"),
    ("minus-inf", {"i.csv": INDICATORS + _ind_row("-inf", "110000")}, "'-inf'"),
    ("negative", {"i.csv": INDICATORS + _ind_row("-1", "110000")}, "negative"),
    ("text", {"i.csv": INDICATORS + _ind_row("lots", "110000")}, "'lots'"),
    ("adcode", {"i.csv": INDICATORS + _ind_row(adcode="999999")}, "'999999'"),
    ("year", {"i.csv": INDICATORS + _ind_row(year="2023.5", adcode="110000")}, "'2023.5'"),
    ("year-huge", {"i.csv": INDICATORS + _ind_row(year="1e300", adcode="110000")}, "'1e300'"),
    ("indicator", {"i.csv": INDICATORS + _ind_row(indicator="gpd", adcode="110000")}, "'gpd'"),
    ("dup-row", {"i.csv": INDICATORS + _ind_row("1")}, "duplicate"),
    ("dup-column", {"i.csv": INDICATORS.replace("note\n", "value\n", 1)}, "'value'"),
    ("no-column", {"i.csv": INDICATORS.replace("adcode,", "code,", 1)}, "adcode"),
    ("ragged", {"i.csv": INDICATORS + "510000,2022,gdp,1,亿元,s,e,r,no,,,,,\n"}, "i.csv"),
]


@pytest.mark.parametrize(("case", "files", "culprit"), INDICATOR_CASES, ids=ids(INDICATOR_CASES))
def test_bad_indicator_files(tmp_path, case, files, culprit):
    put(tmp_path, {"i.csv": INDICATORS})
    put(tmp_path, files)
    with pytest.raises(HinterlandError) as exc:
        IndicatorTable.from_csv(tmp_path / "i.csv")
    message = str(exc.value)
    assert "\n" not in message
    assert culprit in message, message


def test_valid_indicator_file_reads(tmp_path):
    put(tmp_path, {"i.csv": INDICATORS})
    t = IndicatorTable.from_csv(tmp_path / "i.csv")
    assert t.series("gdp", 2023)[510000] == 60132.9  # the figure written above


# --- corridor data (a folder of four CSV files and params.yaml) -------------------------------

CORRIDOR = PACKAGE / "corridors" / "data"
EDGES = (CORRIDOR / "edges.csv").read_text(encoding="utf-8")
NODES = (CORRIDOR / "nodes.csv").read_text(encoding="utf-8")
PARAMS = (CORRIDOR / "params.yaml").read_text(encoding="utf-8")
_E1 = EDGES.splitlines()[1]


def _edge(capacity="", cost="", eid="e-test"):
    parts = _E1.split(",")
    parts[0], parts[5], parts[7] = eid, capacity, cost
    return ",".join(parts) + "\n"


CORRIDOR_CASES = [
    *[c for f in ("nodes.csv", "edges.csv") for c in generic(f, NODES if f[0] == "n" else EDGES)],
    *generic("params.yaml", PARAMS)[:5],
    ("supply-missing", {"supply.csv": MISSING}, "supply.csv"),
    ("capacity-nan", {"edges.csv": EDGES + _edge(capacity="nan")}, "'nan'"),
    ("capacity-inf", {"edges.csv": EDGES + _edge(capacity="inf")}, "'inf'"),
    ("cost-negative", {"edges.csv": EDGES + _edge(cost="-3")}, "'-3'"),
    ("dup-edge", {"edges.csv": EDGES + _E1 + "\n"}, "duplicate"),
    ("dup-column", {"edges.csv": EDGES.replace(",note\n", ",cost\n", 1)}, "'cost'"),
    (
        "node-unknown",
        {"edges.csv": EDGES + _edge().replace("ext_middle_east", "atlantis")},
        "atlantis",
    ),
    ("params-dup-key", {"params.yaml": PARAMS + "\nyear: 2024\n"}, "'year'"),
    ("params-list", {"params.yaml": "- 1\n"}, "params.yaml"),
    (
        "params-distance",
        {"params.yaml": PARAMS.replace("distance:\n", "distance: 3\nx:\n", 1)},
        "distance",
    ),
    ("params-nan", {"params.yaml": PARAMS.replace("year: 2023", "year: .nan", 1)}, "year"),
]


@pytest.mark.parametrize(("case", "files", "culprit"), CORRIDOR_CASES, ids=ids(CORRIDOR_CASES))
def test_bad_corridor_data(monkeypatch, capsys, tmp_path, case, files, culprit):
    data = tmp_path / "net"
    shutil.copytree(CORRIDOR, data)
    put(data, files)
    line = cli_error(monkeypatch, capsys, ["corridors", "edges", "--data", str(data)])
    assert culprit in line, line


# --- layout price and site CSVs --------------------------------------------------------------

PRICES = "adcode,wage,electricity\n510000,100000,0.4\n500000,110000,0.45\n"
PRICE_CASES = [
    *generic("p.csv", PRICES),
    ("nan", {"p.csv": PRICES + "110000,nan,0.5\n"}, "nan"),
    ("inf", {"p.csv": PRICES + "110000,inf,0.5\n"}, "inf"),
    ("text", {"p.csv": PRICES + "110000,cheap,0.5\n"}, "cheap"),
    ("dup-adcode", {"p.csv": PRICES + "510000,1,1\n"}, "510000"),
    ("dup-column", {"p.csv": PRICES.replace("electricity", "wage", 1)}, "wage"),
    ("unknown-column", {"p.csv": PRICES.replace("electricity", "water", 1)}, "water"),
    ("adcode", {"p.csv": PRICES + "999999,1,1\n"}, "999999"),
]


@pytest.fixture(scope="module")
def table_home(tmp_path_factory, synthetic_china):
    """A HINTERLAND_HOME whose active table is the synthetic 31-province estimate."""
    from hinterland.mrio.store import set_active

    home = tmp_path_factory.mktemp("home")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("HINTERLAND_HOME", str(home))
        set_active(synthetic_china(0))
    return home


@pytest.mark.parametrize(("case", "files", "culprit"), PRICE_CASES, ids=ids(PRICE_CASES))
def test_bad_price_files(monkeypatch, capsys, tmp_path, table_home, case, files, culprit):
    monkeypatch.setenv("HINTERLAND_HOME", str(table_home))
    put(tmp_path, {"p.csv": PRICES})
    put(tmp_path, files)
    argv = ["layout", "optimize", "--instance", "table", "--prices", str(tmp_path / "p.csv")]
    line = cli_error(monkeypatch, capsys, argv)
    assert culprit in line, line


SITES = "site,electricity_price,renewable_share\n" + "".join(
    f"{h},0.4,0.3\n"
    for h in (
        "jingjinji", "yangtze_delta", "greater_bay_area", "chengdu_chongqing",
        "inner_mongolia", "guizhou", "gansu", "ningxia",
    )
)  # fmt: skip
SITE_CASES = [
    *generic("s.csv", SITES)[:5],
    ("truncated", {"s.csv": SITES[: len(SITES) // 3]}, "missing ['"),
    ("nan", {"s.csv": SITES.replace("0.4,0.3", "nan,0.3", 1)}, "nan"),
    ("inf", {"s.csv": SITES.replace("0.4,0.3", "inf,0.3", 1)}, "inf"),
    ("share-above-1", {"s.csv": SITES.replace("0.4,0.3", "0.4,3", 1)}, "renewable"),
    ("dup-site", {"s.csv": SITES + "guizhou,0.4,0.3\n"}, "guizhou"),
    (
        "dup-column",
        {"s.csv": SITES.replace("renewable_share", "electricity_price", 1)},
        "electricity_price",
    ),
    ("unknown-column", {"s.csv": SITES.replace("renewable_share", "sunshine", 1)}, "sunshine"),
]


@pytest.mark.parametrize(("case", "files", "culprit"), SITE_CASES, ids=ids(SITE_CASES))
def test_bad_site_files(monkeypatch, capsys, tmp_path, case, files, culprit):
    put(tmp_path, {"s.csv": SITES})
    put(tmp_path, files)
    argv = ["layout", "hubs", "--site-data", str(tmp_path / "s.csv"), "--alpha-price", "1"]
    line = cli_error(monkeypatch, capsys, argv)
    assert culprit in line, line


# --- scenario YAML ---------------------------------------------------------------------------

SCENARIOS = """\
name: mine
source: test
scenarios:
  - name: quake
    probability: 0.1
    shocks:
      - provinces: [510000]
        industries: all
        loss_share: 0.5
  - name: calm
    probability: 0.9
"""
SCENARIO_CASES = [
    *generic("sc.yaml", SCENARIOS)[:5],
    (
        "dup-key",
        {
            "sc.yaml": SCENARIOS.replace(
                "    probability: 0.1\n", "    probability: 0.1\n    probability: 0.2\n"
            )
        },
        "probability",
    ),
    (
        "probability-nan",
        {"sc.yaml": SCENARIOS.replace("0.1", ".nan").replace("0.9", "1")},
        "probability",
    ),
    ("probability-inf", {"sc.yaml": SCENARIOS.replace("0.1", ".inf")}, "probability"),
    ("loss-nan", {"sc.yaml": SCENARIOS.replace("0.5", ".nan")}, "loss_share"),
    ("loss-above-1", {"sc.yaml": SCENARIOS.replace("0.5", "1.5")}, "loss_share"),
    (
        "unknown-industry",
        {"sc.yaml": SCENARIOS.replace("industries: all", "industries: [STEEL]")},
        "STEEL",
    ),
    ("unknown-province", {"sc.yaml": SCENARIOS.replace("510000", "999999")}, "999999"),
    ("unknown-group", {"sc.yaml": SCENARIOS.replace("[510000]", "[atlantis]")}, "atlantis"),
    ("unknown-field", {"sc.yaml": SCENARIOS.replace("loss_share", "los_share")}, "los_share"),
    ("sum-not-1", {"sc.yaml": SCENARIOS.replace("0.9", "0.5")}, "1"),
    ("not-a-list", {"sc.yaml": "name: x\nsource: y\nscenarios: 3\n"}, "scenarios"),
]


@pytest.mark.parametrize(("case", "files", "culprit"), SCENARIO_CASES, ids=ids(SCENARIO_CASES))
def test_bad_scenario_files(monkeypatch, capsys, tmp_path, case, files, culprit):
    put(tmp_path, {"sc.yaml": SCENARIOS})
    put(tmp_path, files)
    argv = ["layout", "optimize", "--scenarios", str(tmp_path / "sc.yaml")]
    line = cli_error(monkeypatch, capsys, argv)
    assert culprit in line, line


# --- national tables (mrio build --coefficients/--outputs, --flows) ----------------------------

CODES = ["AGRI", "MINE", "FOOD"]
COEF = "row,AGRI,MINE,FOOD\nAGRI,0.1,0.0,0.3\nMINE,0.05,0.2,0.1\nFOOD,0.1,0.0,0.1\n"
OUTPUTS = "code,output,industry\nAGRI,100,primary\nMINE,50,secondary\nFOOD,80,secondary\n"
FLOWS = (
    "row,AGRI,MINE,FOOD,TIU\n"
    "AGRI,10,0,24,40\n"
    "MINE,5,10,8,30\n"
    "FOOD,10,0,8,20\n"
    "GO,100,50,80,\n"
    "INDUSTRY,primary,secondary,secondary,\n"
)
NATIONAL_CASES = [
    *generic("c.csv", COEF),
    *generic("o.csv", OUTPUTS)[:5],
    ("coef-nan", {"c.csv": COEF.replace("0.3", "nan")}, "nan"),
    ("coef-inf", {"c.csv": COEF.replace("0.3", "inf")}, "inf"),
    ("coef-dup-row", {"c.csv": COEF + "FOOD,0,0,0\n"}, "FOOD"),
    (
        "coef-dup-column",
        {"c.csv": COEF.replace("row,AGRI,MINE,FOOD", "row,AGRI,MINE,AGRI")},
        "AGRI",
    ),
    ("output-nan", {"o.csv": OUTPUTS.replace("100", "nan")}, "nan"),
    ("output-inf", {"o.csv": OUTPUTS.replace("100", "inf")}, "inf"),
    ("output-dup", {"o.csv": OUTPUTS + "FOOD,1,secondary\n"}, "FOOD"),
    ("flows-nan", {"f.csv": FLOWS.replace("24", "nan")}, "FOOD"),
    ("flows-inf", {"f.csv": FLOWS.replace("24", "inf")}, "FOOD"),
    ("flows-dup-row", {"f.csv": FLOWS + "MINE,1,1,1,1\n"}, "MINE"),
    ("flows-dup-column", {"f.csv": FLOWS.replace(",TIU", ",MINE", 1)}, "MINE"),
    ("flows-binary", {"f.csv": b"\x00" * 50}, "f.csv"),
]


@pytest.mark.parametrize(("case", "files", "culprit"), NATIONAL_CASES, ids=ids(NATIONAL_CASES))
def test_bad_national_tables(monkeypatch, capsys, tmp_path, case, files, culprit):
    put(tmp_path, {"c.csv": COEF, "o.csv": OUTPUTS, "f.csv": FLOWS})
    put(tmp_path, files)
    if "f.csv" in files:
        argv = ["mrio", "build", "--flows", str(tmp_path / "f.csv")]
    else:
        argv = ["mrio", "build", "--coefficients", str(tmp_path / "c.csv")]
        argv += ["--outputs", str(tmp_path / "o.csv")]
    line = cli_error(monkeypatch, capsys, argv)
    assert culprit in line, line


# --- MRIO folders: CSV layout, pymrio, CEADs workbook ---------------------------------------


def small_table() -> MRIO:
    """2 provinces x 2 sectors, exports and imports (hand-made, balanced by construction)."""
    Z = np.array([[10.0, 5, 2, 0], [4, 20, 0, 3], [1, 0, 8, 6], [0, 2, 5, 12]])
    Y = np.array([[30.0, 5], [20, 4], [3, 40], [0, 25]])
    e, m = np.array([7.0, 0, 3, 1]), np.array([2.0, 3, 0, 5])
    x = Z.sum(1) + Y.sum(1) + e
    return MRIO.from_arrays(
        Z, Y, x, x - Z.sum(0) - m, regions=[110000, 510000], sectors=["01", "02"],
        categories=["居民消费"], exports=e, imports=m, unit="10k yuan", year=2017,
        source="test table",
    )  # fmt: skip


@pytest.fixture(scope="module")
def csv_folder(tmp_path_factory) -> Path:
    return write_csv_dir(small_table(), tmp_path_factory.mktemp("t") / "table")


@pytest.fixture(scope="module")
def pymrio_folder(tmp_path_factory) -> Path:
    pytest.importorskip("pymrio")
    path = tmp_path_factory.mktemp("p") / "table"
    to_pymrio(small_table()).save_all(path)
    return path


def _text(folder: Path, name: str) -> str:
    return (folder / name).read_text(encoding="utf-8")


def csv_cases(folder: Path) -> list:
    x, meta, z = (_text(folder, n) for n in ("x.csv", "meta.yaml", "Z.csv"))
    return [
        *generic("x.csv", x),
        *generic("meta.yaml", meta)[:5],
        *[c for c in generic("Z.csv", z) if "missing" not in c[0]],
        ("x-nan", {"x.csv": x.replace(x.splitlines()[1].split(",")[2], "nan", 1)}, "nan"),
        ("x-inf", {"x.csv": x.replace(x.splitlines()[1].split(",")[2], "inf", 1)}, "inf"),
        ("x-dup-column", {"x.csv": x.replace("region,sector,x", "region,region,x", 1)}, "region"),
        ("x-dup-row", {"x.csv": x + x.splitlines()[1] + "\n"}, "x.csv"),
        ("meta-dup-key", {"meta.yaml": meta + "year: 2018\n"}, "'year'"),
        ("meta-no-year", {"meta.yaml": meta.replace("year:", "yaer:")}, "year"),
        ("z-text", {"Z.csv": z.replace(z.splitlines()[3].split(",")[2], "lots", 1)}, "lots"),
        ("z-missing", {"Z.csv": MISSING}, "Z.csv"),
    ]


CSV_IDS = [c[0] for c in csv_cases(write_csv_dir(small_table(), Path("/tmp") / "hl-ids"))]
shutil.rmtree("/tmp/hl-ids", ignore_errors=True)


@pytest.mark.parametrize("k", range(len(CSV_IDS)), ids=CSV_IDS)
def test_bad_csv_mrio_folders(monkeypatch, capsys, tmp_path, csv_folder, k):
    _case, files, culprit = csv_cases(csv_folder)[k]
    folder = tmp_path / "t"
    shutil.copytree(csv_folder, folder)
    put(folder, files)
    for argv in (
        ["mrio", "import", str(folder), "--format", "csv"],
        ["mrio", "info", "--table", str(folder)],
    ):
        line = cli_error(monkeypatch, capsys, argv)
        assert culprit in line, line


def pymrio_cases() -> list:
    return [
        ("params-missing", {"file_parameters.json": MISSING}, "file_parameters.json"),
        ("params-binary", {"file_parameters.json": b"\x00\x01" * 40}, "file_parameters.json"),
        ("params-not-json", {"file_parameters.json": "{"}, "file_parameters.json"),
        ("params-list", {"file_parameters.json": "[]"}, "file_parameters.json"),
        ("pickle", "pkl", "Z.pkl"),
        ("pickle-ext", "pickle-ext", "F.pickle"),
        ("outside", "../evil.txt", "outside"),
        ("absolute", "/etc/passwd.txt", "outside"),
        ("not-text", "Z.exe", "Z.exe"),
        ("table-missing", {"Z.txt": MISSING}, "Z.txt"),
        ("header-count", "nr_header", "nr_header"),
        ("z-text", "z-text", "Z column"),
        ("z-binary", {"Z.txt": b"\x00\xff" * 100}, "Z.txt"),
    ]


def _edit_params(folder: Path, how: str) -> None:
    import json

    p = folder / "file_parameters.json"
    doc = json.loads(p.read_text())
    if how == "pkl":
        doc["files"]["Z"]["name"] = "Z.pkl"
        (folder / "Z.pkl").write_bytes(b"cos\nsystem\n(S'touch /tmp/pwned'\ntR.")
    elif how == "pickle-ext":
        p = folder / "factor_inputs" / "file_parameters.json"
        doc = json.loads(p.read_text())
        doc["files"]["F"]["name"] = "F.pickle"
        (folder / "factor_inputs" / "F.pickle").write_bytes(b"x")
    elif how == "nr_header":
        doc["files"]["Z"]["nr_header"] = 10**9
    elif how == "z-text":
        z = folder / "Z.txt"
        lines = z.read_text().splitlines()
        lines[-1] = "\t".join([*lines[-1].split("\t")[:2], "lots", *lines[-1].split("\t")[3:]])
        z.write_text("\n".join(lines) + "\n")
        return
    else:
        doc["files"]["Z"]["name"] = how
        if not how.startswith("/"):
            (folder / how).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(folder / "Z.txt", folder / how)
    p.write_text(json.dumps(doc))


PYMRIO_IDS = [c[0] for c in pymrio_cases()]


@pytest.mark.parametrize("k", range(len(PYMRIO_IDS)), ids=PYMRIO_IDS)
def test_bad_pymrio_folders(monkeypatch, capsys, tmp_path, pymrio_folder, k):
    _case, files, culprit = pymrio_cases()[k]
    folder = tmp_path / "p"
    shutil.copytree(pymrio_folder, folder)
    if isinstance(files, dict):
        put(folder, files)
    else:
        _edit_params(folder, files)
    line = cli_error(monkeypatch, capsys, ["mrio", "import", str(folder), "--format", "pymrio"])
    assert culprit in line, line
    assert not Path("/tmp/pwned").exists()


def test_valid_folders_import(monkeypatch, capsys, tmp_path, csv_folder, pymrio_folder):
    for folder, fmt in ((csv_folder, "csv"), (pymrio_folder, "pymrio")):
        monkeypatch.setattr(
            sys, "argv", ["hinterland", "mrio", "import", str(folder), "--format", fmt]
        )
        with pytest.raises(SystemExit) as exc:
            cli.main()
        assert exc.value.code in (0, None), capsys.readouterr()


CEADS_CASES = [
    ("missing", MISSING, "c.xlsx"),
    ("folder", DIR, "c.xlsx"),
    ("empty", b"", "c.xlsx"),
    ("text", "adcode,year\n1,2\n", "c.xlsx"),
    ("zip-not-xlsx", b"PK\x05\x06" + b"\x00" * 18, "c.xlsx"),
    ("binary", b"\x00\x01" * 200, "c.xlsx"),
]


@pytest.mark.parametrize(("case", "content", "culprit"), CEADS_CASES, ids=ids(CEADS_CASES))
def test_bad_ceads_workbooks(monkeypatch, capsys, tmp_path, case, content, culprit):
    put(tmp_path, {"c.xlsx": content})
    line = cli_error(
        monkeypatch, capsys, ["mrio", "import", str(tmp_path / "c.xlsx"), "--format", "ceads"]
    )
    assert culprit in line, line


# --- Hypothesis: arbitrary bytes for every text parser ----------------------------------------

PARSERS = {
    "grouping": lambda p: ["atlas", "groups", str(p)],
    "scenarios": lambda p: ["layout", "optimize", "--scenarios", str(p)],
    "prices": lambda p: ["layout", "optimize", "--instance", "table", "--prices", str(p)],
    "coefficients": lambda p: ["mrio", "build", "--flows", str(p)],
}


@pytest.mark.parametrize("parser", sorted(PARSERS))
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.binary(max_size=300) | st.text(max_size=300).map(str.encode))
def test_arbitrary_bytes_never_traceback(monkeypatch, capsys, tmp_path, table_home, parser, data):
    monkeypatch.setenv("HINTERLAND_HOME", str(table_home))
    path = tmp_path / "f.txt"
    path.write_bytes(data)
    line = cli_error(monkeypatch, capsys, PARSERS[parser](path))
    assert "f.txt" in line, line  # the file at fault is named
