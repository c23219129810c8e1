"""The documents installed with jixiao (the format reference, docs/formats.md). Data, not code: this file only makes the folder a package that importlib.resources can find."""
