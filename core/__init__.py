"""What every app shares and nothing else: the two languages of the course and how a
paired ``_ja`` / ``_en`` field is read. Imports only Django, never another app."""
