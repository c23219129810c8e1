"""Stage 4, write: the laid-out report (render.document) in, the .docx bytes out — WordprocessingML
as text through one declared schema order (wml), GB/T 9704 measures (gbt9704), the zip package."""
