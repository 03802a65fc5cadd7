"""What other apps may ask of assistance. Returns ids and frozen dataclasses, never model instances."""
