"""A session: the engine and the runner that drives it, its clock, cues, checkpoints, store and owner."""
