"""Writes of the awards: the yearly round (nominations, screening, jury, results) and set-up."""
