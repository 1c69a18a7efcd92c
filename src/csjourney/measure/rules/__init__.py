"""The measure findings: where the measured journey departs from the map (CSJ3xx).

One module per finding, each a `MeasureRule` whose docstring is its documentation
(`csjourney rule CODE`, docs/rules.md and SARIF read it, as for lint rules). The
registry (`registry.RULES`) is the explicit list; `csjourney.measure.findings` runs
them over a `Measured` and applies `[measure] severity`. Rules see only plain data
(`base.MeasureContext`) and never compute positions: they name a data path.
"""
