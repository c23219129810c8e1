"""Stage 1, read: the .xlsx workbook in, the model (jixiao.model) and messages at `sheet!cell` out.
All cleaning of cell values happens here; nothing after this package touches Excel."""
