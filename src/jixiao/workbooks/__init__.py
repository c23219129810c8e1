"""The workbooks the program writes for people: the blank yearly workbook, next year's from last
year's, and the bureau's summary — all saved reproducibly (save)."""
