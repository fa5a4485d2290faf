"""The risk-under-uncertainty section: a stored ensemble run's loss distribution and drivers."""

from __future__ import annotations

from hinterland.assess.sections._common import Inputs, Part

IMPORT_COLUMNS = ["commodity", "province", "mean_share", "p50_share", "p95_share", "probability"]


def risk(ins: Inputs) -> Part:
    """Summary, loss by province and sensitivity of the run ``spec.ensemble_run`` (if set).

    Nothing is computed when no run is named (the report leaves the section out). The numbers
    are read from the run store (:mod:`hinterland.scenarios.store`): the run's own table, spec
    and seed, whatever the assessment's other inputs.
    """
    import pandas as pd

    from hinterland.errors import ValidationError
    from hinterland.scenarios.analysis import MIN_GIVEN_DATA, exceedance, sensitivity, summary
    from hinterland.scenarios.labels import parameter_labels
    from hinterland.scenarios.spec import parse_spec
    from hinterland.scenarios.store import RunStore

    run_id = ins.spec.ensemble_run
    if run_id is None:
        return Part({"run": None}, {"ensemble_run": None}, ())
    store = RunStore(ins.spec.ensemble_store)
    info = store.run(run_id)
    head = summary(store, run_id)
    loss = store.results(run_id, "national_loss")["value"].to_numpy()
    try:
        sens, why = sensitivity(store, run_id), None
    except ValidationError:  # an unfinished run, or too few samples: say which
        sens = pd.DataFrame()
        why = "incomplete" if info["done"] < int(info["n_samples"]) else "few"
    provinces = pd.DataFrame(head.get("loss_by_province", {})).T
    if not provinces.empty:
        provinces.index = provinces.index.astype(int)
        provinces.index.name = "adcode"
    data = {
        "run": run_id,
        "summary": {
            k: v
            for k, v in head.items()
            if k not in ("loss_by_province", "exceedance", "unmet_imports")
        },
        # per corridor commodity and province: the share of import demand left unmet
        "unmet_imports": pd.DataFrame(head.get("unmet_imports", []), columns=IMPORT_COLUMNS),
        "exceedance": exceedance(loss, points=41),
        "provinces": provinces,
        "sensitivity": sens,
        # the parameters by name, in each language (the page shows names, never codes)
        "parameter_names": {
            lang: parameter_labels(parse_spec(info["spec"], origin=f"run {run_id}"), lang)
            for lang in ("zh", "en")
        },
        "sensitivity_missing": why,
        "min_samples": MIN_GIVEN_DATA,
        "note": info["spec"].get("note", ""),
    }
    inputs = {"ensemble_run": run_id, "store": str(store.path), "seed": int(info["seed"])}
    return Part(data, inputs, (str(info["table_source"]), f"ensemble run {run_id}"))
