"""Sound: cue players and their fallbacks, decoding cue files, keeping ALSA quiet, and the voice."""
