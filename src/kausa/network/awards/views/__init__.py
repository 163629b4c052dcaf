"""Award pages: public (list, nomination), staff (editions, screening, set-up), jury."""
