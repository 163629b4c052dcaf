"""Online speed dating: set-up, sign-up, the scheduler (engine: ``scheduling``, no Django)
and its Django side (``services``), personal schedules."""
