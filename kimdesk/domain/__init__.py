"""The KIM case in code: vocabulary, phases, identifiers and the rules of the seeds."""
