"""The one output layer of every export: CSV, XLSX, PDF, ZIP and their HTTP responses.

Every file a user or a command takes away goes through it, so that no text cell can come out
as a live spreadsheet formula (OWASP « CSV injection »):

- `cellules.neutraliser(texte)`: the only neutralisation (a leading apostrophe);
- `tableurs`: `lignes_csv` / `ecrire_csv` / `csv_texte` (streamed, UTF-8 with BOM, `;` by
  default, `,` for the standards that say so) and `Feuille` + `ecrire_xlsx` (openpyxl
  write-only: text cells are text, numbers numbers, dates dates);
- `pdf.pdf_depuis_html` / `pdf_depuis_gabarit`: WeasyPrint, which fetches nothing but `data:`;
- `archives.ArchiveZip`: a ZIP written to a temporary file, documents copied by chunks;
- `reponses`: `reponse_csv` (streamed), `reponse_xlsx`, `reponse_pdf`, `reponse_zip`,
  `reponse_fichier`, with a safe `Content-Disposition`.

This package's `__init__` stays empty of imports: the pure-Python pabulib writer uses
`tableurs` without Django.
"""
