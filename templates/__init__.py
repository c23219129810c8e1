"""The report formats shipped with jixiao: one folder each (format.toml and Jinja templates). Data, not code: this file only makes the folder a package that importlib.resources can find."""
