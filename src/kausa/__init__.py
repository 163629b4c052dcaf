"""Kausa: the platform for KAUSA offices."""
