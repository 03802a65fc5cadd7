"""What other apps may ask of credit. Returns ids and frozen dataclasses, never model instances."""
