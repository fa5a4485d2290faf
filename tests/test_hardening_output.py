"""Output safety: a command writes only what it reports, completely or not at all.

The staged-folder writer (:mod:`hinterland._io`) behind ``assess --out``, ``mrio export`` and
``mrio build --out``: a foreign folder is refused and left untouched, a previous report is
replaced, ``--force`` keeps the files already there, the user's umask is honoured, and a kill
(SIGTERM) of a running ``hinterland assess`` leaves neither a half report nor a temporary
folder. Also: usage errors of the command-line parser are one ``error:`` line, exit code 2.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from hinterland import cli
from hinterland._io import MARKER, staged_dir, write_file
from hinterland.errors import ValidationError


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` (relative name -> bytes)."""
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def fill(tmp: Path, text: str = "new") -> None:
    (tmp / "index.html").write_text(text, encoding="utf-8")
    (tmp / "tables").mkdir()
    (tmp / "tables" / "a.csv").write_text("x\n1\n", encoding="utf-8")


def leftovers(parent: Path) -> list[str]:
    """Temporary folders of ours left in ``parent``."""
    return sorted(p.name for p in parent.iterdir() if ".tmp-" in p.name or ".old-" in p.name)


def test_new_folder_gets_the_files_and_a_marker(tmp_path):
    out = tmp_path / "r"
    with staged_dir(out, what="report") as tmp:
        fill(tmp)
    assert sorted(tree(out)) == [MARKER, "index.html", "tables/a.csv"]
    marker = json.loads((out / MARKER).read_text())
    assert marker == {
        "written_by": "hinterland",
        "what": "report",
        "entries": ["index.html", "tables"],
    }
    assert leftovers(tmp_path) == []


def test_empty_folder_is_used(tmp_path):
    (tmp_path / "r").mkdir()
    with staged_dir(tmp_path / "r") as tmp:
        fill(tmp)
    assert (tmp_path / "r" / "index.html").read_text() == "new"


def test_previous_report_is_replaced_whole(tmp_path):
    out = tmp_path / "r"
    with staged_dir(out) as tmp:
        fill(tmp, "old")
        (tmp / "stale.csv").write_text("gone")
    with staged_dir(out) as tmp:
        fill(tmp, "new")
    assert sorted(tree(out)) == [MARKER, "index.html", "tables/a.csv"]  # stale.csv went with it
    assert (out / "index.html").read_text() == "new"
    assert leftovers(tmp_path) == []


FOREIGN = {"thesis.docx": b"five years of work", "notes/ch1.md": b"# one"}


@pytest.mark.parametrize(
    "marker",
    [None, "not json", '{"entries": []}', '{"written_by": "someone", "entries": ["thesis.docx"]}'],
    ids=["no-marker", "bad-marker", "marker-without-author", "foreign-marker"],
)
def test_foreign_folder_is_refused_before_any_work(tmp_path, marker):
    out = tmp_path / "mine"
    for name, data in FOREIGN.items():
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        (out / name).write_bytes(data)
    if marker is not None:
        (out / MARKER).write_text(marker)
    before = tree(out)
    started = []
    with pytest.raises(ValidationError, match=r"mine: folder is not empty .*thesis\.docx.*--force"):
        with staged_dir(out):
            started.append(True)
    assert started == []  # refused before the body ran
    assert tree(out) == before
    assert leftovers(tmp_path) == []


def test_report_folder_with_a_file_added_by_the_user_is_refused(tmp_path):
    out = tmp_path / "r"
    with staged_dir(out) as tmp:
        fill(tmp)
    (out / "my_comments.txt").write_text("keep me")
    with pytest.raises(ValidationError, match=r"my_comments\.txt"):
        with staged_dir(out) as tmp:
            fill(tmp)
    assert (out / "my_comments.txt").read_text() == "keep me"


def test_force_writes_beside_foreign_files_and_keeps_them(tmp_path):
    out = tmp_path / "mine"
    (out / "notes").mkdir(parents=True)
    for name, data in FOREIGN.items():
        (out / name).write_bytes(data)
    with staged_dir(out, force=True) as tmp:
        fill(tmp)
    got = tree(out)
    assert {k: got[k] for k in FOREIGN} == FOREIGN
    assert got["index.html"] == b"new"
    with staged_dir(out, force=True) as tmp:  # our own files are replaced the second time
        fill(tmp, "newer")
    assert tree(out)["index.html"] == b"newer"
    assert {k: tree(out)[k] for k in FOREIGN} == FOREIGN
    assert leftovers(tmp_path) == []


def test_force_never_replaces_a_file_it_did_not_write(tmp_path):
    out = tmp_path / "mine"
    out.mkdir()
    (out / "index.html").write_text("the user's own page")
    with pytest.raises(ValidationError, match=r"already holds index\.html"):
        with staged_dir(out, force=True) as tmp:
            fill(tmp)
    assert sorted(tree(out)) == ["index.html"]
    assert (out / "index.html").read_text() == "the user's own page"
    assert leftovers(tmp_path) == []


def test_a_failure_inside_leaves_nothing(tmp_path):
    out = tmp_path / "r"
    with pytest.raises(RuntimeError):
        with staged_dir(out) as tmp:
            fill(tmp)
            raise RuntimeError("section failed")
    assert not out.exists()
    assert leftovers(tmp_path) == []


def test_a_file_or_the_root_is_not_an_output_folder(tmp_path):
    (tmp_path / "f").write_text("x")
    with pytest.raises(ValidationError, match="is a file, not a folder"):
        with staged_dir(tmp_path / "f"):
            pass
    with pytest.raises(ValidationError, match="root folder"):
        with staged_dir("/"):
            pass


@pytest.mark.parametrize(("mask", "folder", "file"), [(0o022, 0o755, 0o644), (0o077, 0o700, 0o600)])
def test_the_users_umask_is_honoured(tmp_path, mask, folder, file):
    old = os.umask(mask)
    try:
        with staged_dir(tmp_path / "r") as tmp:
            fill(tmp)
        write_file(tmp_path / "one.csv", "a\n")
    finally:
        os.umask(old)
    assert (tmp_path / "r").stat().st_mode & 0o777 == folder  # mkdtemp alone would give 0o700
    assert (tmp_path / "r" / "index.html").stat().st_mode & 0o777 == file
    assert (tmp_path / "one.csv").stat().st_mode & 0o777 == file  # mkstemp alone gives 0o600


def test_write_file_replaces_atomically(tmp_path):
    path = tmp_path / "a.csv"
    write_file(path, "old")
    write_file(path, "new")
    assert path.read_text() == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.csv"]
    with pytest.raises(ValidationError, match="is a folder"):
        write_file(tmp_path, "x")


# --- through the command line -----------------------------------------------------------------


def main(monkeypatch, capsys, argv):
    monkeypatch.setattr(sys, "argv", ["hinterland", *argv])
    with pytest.raises(SystemExit) as exc:
        cli.main()
    out, err = capsys.readouterr()
    return exc.value.code, out, err


def one_error_line(code, out, err) -> str:
    assert code == 2, (out, err)
    assert "Traceback" not in out + err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), err
    return lines[0]


def test_assess_into_a_folder_with_foreign_files_keeps_them(monkeypatch, capsys, tmp_path):
    out = tmp_path / "thesis"
    (out / "notes").mkdir(parents=True)
    for name, data in FOREIGN.items():
        (out / name).write_bytes(data)
    line = one_error_line(*main(monkeypatch, capsys, ["assess", "--out", str(out)]))
    assert "thesis.docx" in line and "--force" in line
    assert tree(out) == FOREIGN
    assert leftovers(tmp_path) == []


def test_assess_out_home_empties_nothing(monkeypatch, capsys, tmp_path):
    home = tmp_path / "home"
    (home / ".config").mkdir(parents=True)
    (home / ".bashrc").write_text("alias ll='ls -l'")
    (home / ".config" / "app.ini").write_text("[x]")
    monkeypatch.setenv("HOME", str(home))
    before = tree(home)
    line = one_error_line(*main(monkeypatch, capsys, ["assess", "--out", "~"]))
    assert str(home) in line
    assert tree(home) == before


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["atlas", "regions", "--bogus"], "No such option: --bogus"),
        (["shock", "--region", "510000", "--days", "abc"], "'--days'"),
        (["atlas", "regions", "--format", "xml"], "'xml'"),
        (["mrio", "import"], "Missing argument"),
        (["nope"], "No such command 'nope'"),
    ],
)
def test_usage_errors_are_one_line_exit_2(monkeypatch, capsys, argv, words):
    line = one_error_line(*main(monkeypatch, capsys, argv))
    assert words in line, line


def _kill_when(proc: subprocess.Popen, ready, timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while not ready():
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline, "the report never started"
        time.sleep(0.05)
    proc.send_signal(signal.SIGTERM)
    proc.wait(timeout=60)


def test_sigterm_mid_report_leaves_no_half_report_nor_temp_folder(tmp_path):
    exe = Path(sys.executable).with_name("hinterland")
    out = tmp_path / "r"
    env = {**os.environ, "HINTERLAND_HOME": str(tmp_path / "home")}

    def started():
        return any(".tmp-" in p.name for p in tmp_path.iterdir())

    proc = subprocess.Popen(
        [str(exe), "assess", "--out", str(out)], env=env, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )  # fmt: skip
    _kill_when(proc, started)
    assert proc.returncode == 128 + signal.SIGTERM
    assert not out.exists()
    assert leftovers(tmp_path) == []


def test_sigterm_while_replacing_keeps_the_previous_report(tmp_path):
    out = tmp_path / "r"
    with staged_dir(out) as tmp:
        fill(tmp, "previous")
    before = tree(out)
    code = (
        "import sys, time\n"
        "from hinterland._io import staged_dir\n"
        f"with staged_dir({str(out)!r}) as tmp:\n"
        "    (tmp / 'index.html').write_text('half')\n"
        "    print('ready', flush=True)\n"
        "    time.sleep(60)\n"
    )
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "ready"
    proc.send_signal(signal.SIGTERM)
    proc.wait(timeout=30)
    assert proc.returncode == 128 + signal.SIGTERM
    assert tree(out) == before
    assert leftovers(tmp_path) == []


def test_mrio_export_refuses_a_foreign_folder_and_replaces_its_own(monkeypatch, capsys, tmp_path):
    import numpy as np

    from hinterland.mrio.load import read_csv_dir
    from hinterland.mrio.store import set_active
    from hinterland.mrio.table import MRIO

    Z = np.array([[1.0, 2.0], [3.0, 4.0]])
    x = np.array([10.0, 20.0])
    small = MRIO.from_arrays(
        Z, (x - Z.sum(1))[:, None], x, x - Z.sum(0), regions=[110000], sectors=["01", "02"],
        categories=["c"], unit="10k yuan", year=2017, source="hand-made",
    )  # fmt: skip
    monkeypatch.setenv("HINTERLAND_HOME", str(tmp_path / "home"))
    set_active(small)
    out = tmp_path / "data"
    out.mkdir()
    (out / "survey.xlsx").write_bytes(b"the user's own workbook")
    line = one_error_line(*main(monkeypatch, capsys, ["mrio", "export", "--out", str(out)]))
    assert "survey.xlsx" in line
    assert tree(out) == {"survey.xlsx": b"the user's own workbook"}
    fresh = tmp_path / "t"
    for _ in range(2):  # the second export replaces the first (recognised by its marker)
        code, _, err = main(monkeypatch, capsys, ["mrio", "export", "--out", str(fresh)])
        assert code in (0, None), err
    assert read_csv_dir(fresh).x.tolist() == [10.0, 20.0]
    assert leftovers(tmp_path) == []
