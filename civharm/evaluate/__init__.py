"""Score extracted mentions or incidents against a hand-coded gold file (``civharm eval``).

`scoring.score` does the work, over the gold records of `gold_records`, the predictions
of `predictions`, the pairing of `matching` and the comparisons of `normalise`; `report`
holds what it returns.
"""
