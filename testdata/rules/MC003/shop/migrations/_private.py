# Skipped by Django's loader: the name starts with an underscore.
