"""The one output layer of every export: CSV, XLSX, PDF, ZIP and their HTTP responses.

Every file a user or a command takes away goes through it, so that no text cell can come out
as a live spreadsheet formula (OWASP « CSV injection »):

- `cells.neutralise(text)`: the only neutralisation (a leading apostrophe);
- `spreadsheets`: `csv_lines` / `csv_write` / `csv_text` (streamed, UTF-8 with BOM, `;` by
  default, `,` for the standards that say so) and `Sheet` + `xlsx_write` (openpyxl
  write-only: text cells are text, numbers numbers, dates dates);
- `pdf.html_to_pdf` / `template_to_pdf`: WeasyPrint, which fetches nothing but `data:`;
- `archives.ZipArchive`: a ZIP written to a temporary file, documents copied by chunks;
- `responses`: `csv_response` (streamed), `xlsx_response`, `pdf_response`, `zip_response`,
  `file_response`, with a safe `Content-Disposition`.

This package's `__init__` stays empty of imports: the pure-Python pabulib writer uses
`spreadsheets` without Django.
"""
