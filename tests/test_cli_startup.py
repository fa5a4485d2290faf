"""The command line starts at once: its help imports none of the numerical stack."""

from __future__ import annotations

import subprocess
import sys

HEAVY = ("numpy", "pandas", "plotly", "scipy", "geopandas", "highspy", "networkx", "jinja2")


def test_help_imports_no_heavy_module():
    # every command's module is imported when the app is built; none may load the stack
    code = (
        "import sys; from typer.testing import CliRunner; from hinterland.cli import app;"
        "r = CliRunner().invoke(app, ['layout', 'optimize', '--help']); assert r.exit_code == 0;"
        f"print(sorted(m for m in {HEAVY!r} if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]", out.stdout


def test_version_and_usage_errors_are_one_line(monkeypatch, capsys):
    import pytest

    from hinterland import __version__, cli

    for argv, code, stream, text in (
        (["--version"], 0, "out", f"hinterland {__version__}"),
        (["disparity", "--year", "abc"], 2, "err", "error: Invalid value for '--year'"),
        (["disparity", "--format", "xml"], 2, "err", "error: Invalid value for '--format'"),
        (["nope"], 2, "err", "error: No such command 'nope'."),
        (["assess", "--section", "nope"], 2, "err", "error: unknown section 'nope'; valid: "),
    ):
        monkeypatch.setattr(sys, "argv", ["hinterland", *argv])
        with pytest.raises(SystemExit) as exc:
            cli.main()
        out, err = capsys.readouterr()
        got = out if stream == "out" else err
        assert exc.value.code == code, (argv, out, err)
        assert len(got.strip().splitlines()) == 1 and got.startswith(text), (argv, got)
