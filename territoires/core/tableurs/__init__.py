"""Spreadsheets read as streams: the rows of an XLSX workbook through the ZIP guard and expat.

Shared by every module that reads a deposited workbook (clauses imports, open data). The
limits (rows, columns, shared strings) are the caller's settings, given as arguments; the
refusals are typed exceptions (`xlsx.ErreurClasseur` and its kinds) that each caller turns
into its own French sentence.
"""
