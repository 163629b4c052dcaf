"""Registration: sign-up with the waitlist, the personal page, cancelling, reminders."""
