"""Set-up of an event: groups (language groups, time blocks) and JUMP! stations."""
