# Skipped by Django's loader too.
