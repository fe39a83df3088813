"""Dev only: reference AUCs for the generated accuracy cases (not part of `pnpm test`).

Same protocol as `auspex evaluate`: features from events before a cut-off, label from the window after it,
every profile eligible at the cut-off (active within `activeWithin`; after a one-time outcome excluded).
Trees are trained on snapshots at earlier cut-offs (each window before the test cut-off, labels complete
before it) and tested at the cut-off. Prints recency-only, frequency-only, HistGradientBoosting and XGBoost AUCs.

    /usr/bin/python3 trainer/dev/reference_auc.py /tmp/auspex-cases
"""
import json
import re
import sys
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.metrics import roc_auc_score
import xgboost as xgb

DAY = 86_400_000


def duration_ms(text):
    m = re.fullmatch(r"(\d+(?:\.\d+)?)([hd])", text)
    return float(m.group(1)) * (3_600_000 if m.group(2) == "h" else DAY)


def snapshot(events, goal, cut):
    window = duration_ms(goal["window"])
    active = duration_ms(goal.get("eligible", {}).get("activeWithin", "45d"))
    outcome_types = {c.get("type") for c in goal["outcome"]["anyOf"]}
    past = events[events.timestamp < cut]
    future = events[(events.timestamp >= cut) & (events.timestamp < cut + window)]
    g = past.groupby("profileId")
    feats = pd.DataFrame({
        "recency": (cut - g.timestamp.max()) / DAY,
        "tenure": (cut - g.timestamp.min()) / DAY,
        "frequency": g.size(),
        "active_days": g.timestamp.apply(lambda t: (t // DAY).nunique()),
        "value": g.value.sum(),
    })
    for t in sorted(events.type.unique()):
        sub = past[past.type == t].groupby("profileId")
        feats[f"n_{t}"] = sub.size()
        feats[f"since_{t}"] = (cut - sub.timestamp.max()) / DAY
        for w in (7, 30, 90):
            feats[f"n_{t}_{w}d"] = past[(past.type == t) & (past.timestamp >= cut - w * DAY)].groupby("profileId").size()
    feats = feats[feats.recency <= active / DAY]
    had = set(past[past.type.isin(outcome_types)].profileId)
    one_time = goal.get("eligible", {}).get("afterOutcome") == "exclude"
    if one_time:
        feats = feats[~feats.index.isin(had)]
    happened = set(future[future.type.isin(outcome_types)].profileId)
    y = feats.index.isin(happened).astype(int)
    if goal["propensity"] == "churn":
        y = 1 - y
    return feats.fillna(-1), y


def main(folder):
    for meta_file in sorted(Path(folder).glob("*.json")):
        meta = json.loads(meta_file.read_text())
        goal, cut = meta["goal"], meta["cut"]
        events = pd.read_csv(meta_file.with_suffix(".csv"))
        events["value"] = events["value"].fillna(0)
        window = duration_ms(goal["window"])
        outcome_types = {c.get("type") for c in goal["outcome"]["anyOf"]}
        per_profile = events[events.type.isin(outcome_types)].groupby("profileId").timestamp.nunique()
        one_time = len(per_profile) > 0 and (per_profile > 1).mean() < 0.02  # the trainer's rule (outcome-recurrence.ts)
        for after in (("keep", "exclude") if one_time else ("keep",)):
            goal = {**goal, "eligible": {**goal.get("eligible", {}), "afterOutcome": after}}
            train = [snapshot(events, goal, cut - k * window) for k in range(1, 13) if cut - k * window > events.timestamp.min() + min(28 * DAY, 7 * window)]
            X = pd.concat([x for x, _ in train])
            y = np.concatenate([y for _, y in train])
            Xt, yt = snapshot(events, goal, cut)
            Xt = Xt.reindex(columns=X.columns, fill_value=-1)
            hgb = HistGradientBoostingClassifier(max_iter=300, learning_rate=0.05, early_stopping=True, random_state=0).fit(X, y)
            xg = xgb.XGBClassifier(n_estimators=300, max_depth=4, learning_rate=0.05, subsample=0.8, random_state=0).fit(X, y)
            print(f"{meta['name']} [{after}]: n={len(yt)} pos={int(yt.sum())} "
                  f"recency={roc_auc_score(yt, -Xt.recency):.3f} frequency={roc_auc_score(yt, Xt.frequency):.3f} "
                  f"hgb={roc_auc_score(yt, hgb.predict_proba(Xt)[:, 1]):.3f} xgboost={roc_auc_score(yt, xg.predict_proba(Xt)[:, 1]):.3f}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "/tmp/auspex-cases")
