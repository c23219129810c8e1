"""The web page (`jixiao serve`): the second door over the same functions as the command line —
build.analyse/build through cli/'s process pool, cli/diff.py for what changed, workbooks/ for the
blank and rolled-over workbooks. For one clerk on 127.0.0.1, or (`--bureau DIR`) a collection
point for a bureau's units. See README.md, "The web page"."""
