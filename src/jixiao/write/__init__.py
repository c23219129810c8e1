"""Stage 4, write: the laid-out report (render.document) in, the .docx bytes out. The body
(body, tables) as WordprocessingML text through one declared schema order (wml), with GB/T 9704
measures (gbt9704) and text-width estimates (measure); the styles (styles), the other fixed parts
(parts), the embedded figures part, written and read back (figures), and the zip (package)."""
