"""Check-in at the door: scan or search, and the offline door list with batch sync."""
