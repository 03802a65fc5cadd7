"""What other apps may ask of complaints. Returns ids and frozen dataclasses, never model instances."""
