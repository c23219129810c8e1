"""Stage 3, render: the model and its figures, through a format's templates and settings, in; the
laid-out report (render.document: paragraphs, tables, sections) out. Nothing here knows about docx."""
