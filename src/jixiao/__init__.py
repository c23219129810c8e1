"""jixiao（绩效）: one Excel workbook → the year's 部门（单位）整体支出绩效自评报告 (.docx).

The stages, each a module: read (workbook → model) → compute and check (figures, messages) →
render (format templates → document) → write (document → .docx). `build.build(path)` runs them.
"""
