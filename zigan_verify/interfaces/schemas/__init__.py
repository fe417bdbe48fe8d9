"""JSON Schemas of the commands' ``--json`` reports (NOTE: [report schema] in zigan_verify.interfaces.report)."""
