"""Key-industry exposure and backup ratio on the MRIO table."""

from __future__ import annotations

from hinterland.assess import SectionResult
from hinterland.report.builder import Builder
from hinterland.report.i18n import t
from hinterland.report.sections.linkage import table_note

ID = "exposure"
TITLE = "sec_exposure"


_TEXT = {
    "zh": {
        "names": "行业",
        "key_map": "各省占关键行业全国产出的比重（估算表，%）",
        "over_time": (
            "关键行业在腹地（第一线以外各省）的产出份额与备份率：2017、2018、2020年估算表并列"
            "（各年均为本工具由国家统计局投入产出表估算，非调查数据）。"
        ),
        "robust": (
            "稳健性：2020年估算表在FLQ参数δ与引力距离指数β取不同值时的主要结果（上海电子设备产能"
            "下降50%、ARIO模型365天的全国产出损失及上海以外占比；预算500亿元时的备份布局；省际贸易"
            "强度）。δ=0.3、β=1为默认值。"
        ),
        "hinterland_output_share": "腹地产出份额",
        "backup_ratio": "备份率",
        "delta": "δ",
        "beta": "β",
        "shock_national_loss": "全国产出损失（亿元）",
        "shock_loss_outside_share": "上海以外损失占比",
        "own_province_share": "本省供给占比",
        "interprovincial_to_value_added": "省际流量/增加值",
        "placements_budget_500": "备份布局（省:行业:规模）",
        "top10_same": "前10位依赖关系与默认相同数",
        "same_placements": "在全部参数组合下，预算500亿元时的备份布局相同：{where}（单位：亿元）。",
    },
    "en": {
        "names": "Sector",
        "key_map": "Share of national key-industry output by province (estimated table, %)",
        "over_time": (
            "Hinterland (outside the first line) share of key-industry output and backup ratio, "
            "2017, 2018 and 2020 side by side (each year an estimate built by this tool from the "
            "NBS national table, not survey data)."
        ),
        "robust": (
            "Robustness: headline results of the 2020 estimate for other values of the FLQ "
            "delta and the gravity distance exponent beta (a 50% cut of Shanghai's electronics "
            "capacity, ARIO over 365 days: national output loss and the share outside Shanghai; "
            "backup placements at a budget of 50 bn yuan; interprovincial trade intensity). "
            "delta = 0.3 and beta = 1 are the defaults."
        ),
        "hinterland_output_share": "Hinterland output share",
        "backup_ratio": "Backup ratio",
        "delta": "delta",
        "beta": "beta",
        "shock_national_loss": "National output loss (100 m yuan)",
        "shock_loss_outside_share": "Share of the loss outside Shanghai",
        "own_province_share": "Own-province supply share",
        "interprovincial_to_value_added": "Interprovincial flows / value added",
        "placements_budget_500": "Backup placements (province:sector:size)",
        "top10_same": "Top-10 dependencies shared with the default",
        "same_placements": (
            "At every parameter pair the backup placements at a budget of 500 (100 million yuan)"
            " are the same: {where}."
        ),
    },
}


def _placements(text: str, lang: str) -> str:
    from hinterland.atlas import labels
    from hinterland.mrio.sectors import labels as sector_labels

    out = []
    for item in str(text).split(";"):
        if not item:
            continue
        adcode, sector, size = item.split(":")
        sep = "·" if lang == "zh" else ": "
        name = f"{labels([int(adcode)], lang)[0]}{sep}{sector_labels([sector], lang)[0]}"
        out.append(f"{name} {float(size):,.0f}")
    return ("；" if lang == "zh" else "; ").join(out) or "—"


def render(b: Builder, res: SectionResult) -> None:
    """Fill the section opened for it (see the package docstring)."""
    import pandas as pd

    from hinterland.mrio.sectors import labels as sector_labels
    from hinterland.report import figures as fg

    lang = b.lang
    txt = _TEXT["en" if lang == "en" else "zh"]
    blocks = b.blocks
    if res["table"] is None:
        return
    blocks.append(table_note(res, lang))
    blocks.append({"kind": "text", "body": t("exposure_text", lang)})
    exp = res["exposure"].copy()
    b.csv(exp, "mrio_exposure")
    keys = res.data.get("key_sectors") or []
    shown = exp.loc[keys] if keys else exp
    shown.index = pd.Index(sector_labels(shown.index, lang), name=txt["names"])
    shares = tuple(c for c in shown.columns if c.endswith("_share"))
    blocks.append({"kind": "html", "body": b.table(shown, "mrio_exposure_key", percent=shares)})
    share = res.data.get("key_output_share")
    if share is not None:
        fig = fg.choropleth(share * 100, txt["key_map"], lang, unit="%", hu=True)
        blocks.append({"kind": "html", "body": b.fig(fig)})
    over = res.data.get("over_time")
    if over is not None:
        blocks.append({"kind": "text", "body": txt["over_time"]})
        b.csv(over, "mrio_exposure_over_time")
        flat = over.copy()
        flat.columns = [f"{txt[m]} {y}" for m, y in flat.columns]
        flat.index = pd.Index(sector_labels(flat.index, lang), name=txt["names"])
        shares = tuple(f"{txt[m]} {y}" for m, y in over.columns if m.endswith("_share"))
        table = b.table(flat, "mrio_exposure_years", percent=shares, floatfmt="{:.3f}")
        blocks.append({"kind": "html", "body": table})
    rob = res.data.get("robustness")
    if rob is not None:
        blocks.append({"kind": "text", "body": txt["robust"]})
        b.csv(rob, "mrio_robustness")
        default = rob[(rob["delta"] == 0.3) & (rob["beta"] == 1.0)]
        base = set(default["top10_dependencies"].iloc[0].split(";")) if len(default) else set()
        view = pd.DataFrame(
            {
                txt["delta"]: rob["delta"],
                txt["beta"]: rob["beta"],
                txt["shock_national_loss"]: rob["shock_national_loss"],
                txt["shock_loss_outside_share"]: rob["shock_loss_outside_share"],
                txt["top10_same"]: [
                    len(base & set(str(v).split(";"))) for v in rob["top10_dependencies"]
                ],
                txt["placements_budget_500"]: [
                    _placements(v, lang) for v in rob["placements_budget_500"]
                ],
                txt["own_province_share"]: rob["own_province_share"],
                txt["interprovincial_to_value_added"]: rob["interprovincial_to_value_added"],
            }
        )
        placed = rob["placements_budget_500"].astype(str)
        if placed.nunique() == 1:  # one layout for the whole grid: said once, not in every row
            view = view.drop(columns=[txt["placements_budget_500"]])
            where = _placements(placed.iloc[0], lang)
            blocks.append({"kind": "text", "body": txt["same_placements"].format(where=where)})
        shares = (txt["shock_loss_outside_share"], txt["own_province_share"])
        table = b.table(view.set_index(txt["delta"]), "robust", percent=shares)
        blocks.append({"kind": "html", "body": table})
