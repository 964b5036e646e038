"""What every GLPI export of the corpus shares: the financial group's title prefix, entity and location paths, and
the CSV writers of GLPI 10 and GLPI 11."""

from tests.inventory.imports.realistic.files.writers import delimited, encoded, quoted

# GLPI writes an entity, a location or a group as its path, "Ville de Lyon > Direction des finances"
# (src/CommonTreeDropdown.php:1010). The importer keeps the last part for a GLPI preset (values.py, leaf=glpi): the
# contract of issue 11 does not say; this switch holds the choice in one place.
GLPI_TREE_LEAF = True


def place(path: str) -> str:
    """The service or site name the importer stores for a GLPI path."""
    return path.rsplit(" > ", 1)[-1] if GLPI_TREE_LEAF else path


# GLPI's financial group, as a prefix of every Infocom column (exporters.md §1: 10.0.14 src/Search.php:1912-1918
# "$name = "$groupname - $name""; group names from src/Infocom.php:1213-1214, fr_FR.po line 10520; en_US .mo).
FIN_FR = "Informations financières et administratives - "
FIN_GB = "Financial and administrative information - "
FIN_US = "Financial & Administrative Information - "


def glpi10_csv(header: list[str], rows: list[list[str]], delimiter: str = ";") -> bytes:
    """GLPI 10.0.x legacy CSV (exporters.md §3, 10.0.14 src/Search.php): UTF-8 BOM (lines 8996-9003, "zero width
    no break space (for excel)"), every cell quoted and followed by the delimiter, the last one too (line 8673
    header, 8755 data), `"` inside a value written as two apostrophes (csv_clean, line 9231), "\\n" (line 9156)."""

    def cell(value: str) -> str:
        return quoted(value, inner_quote="''") + delimiter

    return encoded(delimited([header, *rows], cell, delimiter="", line_end="\n"), bom=True)


def glpi11_csv(header: list[str], rows: list[list[str]], delimiter: str = ";", *, bom: bool = False) -> bytes:
    """GLPI 11 CSV through PhpSpreadsheet (exporters.md §3, src/Glpi/Search/Output/Csv.php at 704aeeed:
    setDelimiter, setEnclosure('"'), setLineEnding("\\r\\n")): every cell quoted, quotes doubled, delimiters only
    between cells, CRLF; no BOM before 11.0.7, a BOM from 11.0.7 (issue #23291, PR #23390, issue #24086)."""
    return encoded(delimited([header, *rows], quoted, delimiter=delimiter, line_end="\r\n"), bom=bom)
