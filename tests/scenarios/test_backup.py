"""A stored run as the backup optimiser's scenario set (``layout optimize --scenarios run:ID``)."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest
from typer.testing import CliRunner

from hinterland import cli
from hinterland.errors import ValidationError
from hinterland.mrio.store import set_active
from hinterland.scenarios.backup import scenario_set
from hinterland.scenarios.evaluate import Evaluator
from hinterland.scenarios.runner import run
from hinterland.scenarios.spec import parse_spec
from hinterland.scenarios.store import RunStore, default_path


@pytest.fixture
def stored(doc, china17):
    set_active(china17)
    spec = parse_spec(doc)
    info = run(spec, n=8, seed=2, store=RunStore(), workers=0)
    return spec, info.run_id


def test_each_sample_is_a_scenario_with_its_loss_shares(stored, china17):
    spec, rid = stored
    sset = scenario_set(f"run:{rid}")
    assert len(sset.scenarios) == 8
    assert math.fsum(s.probability for s in sset.scenarios) == pytest.approx(1.0, abs=1e-12)
    provinces = [int(r) for r in china17.regions]
    shares = sset.loss_shares(provinces, china17.sectors)
    delta, _ = Evaluator.build(spec, china17).severities(RunStore().samples(rid))
    for j, name in enumerate(sset.names()):
        np.testing.assert_allclose(shares.loc[name].to_numpy().ravel(), delta[j], atol=1e-12)


def test_layout_optimize_reads_the_run(stored):
    _, rid = stored
    out = CliRunner().invoke(
        cli.app,
        ["layout", "optimize", "--scenarios", f"run:{rid}", "--instance", "table",
         "--sectors", "CHEM,MACH", "--budget", "100", "--format", "json"],
    )  # fmt: skip
    assert out.exit_code == 0, (out.output, out.exception)
    assert json.loads(out.stdout)
    assert default_path().exists()


def test_a_sensitivity_design_is_refused(doc, china17):
    doc["sampling"]["method"] = "morris"
    info = run(parse_spec(doc), n=10, seed=2, store=RunStore(), workers=0, table=china17)
    with pytest.raises(ValidationError, match=r"morris design.*use a run sampled by lhs or sobol"):
        scenario_set(f"run:{info.run_id}", table=china17)
