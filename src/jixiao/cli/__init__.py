"""The `jixiao` command: options in, jixiao.build called for each workbook (on a process pool),
files written atomically, messages printed on any console, exit code out."""
