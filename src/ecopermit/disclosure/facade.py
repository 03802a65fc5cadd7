"""What other apps may ask of disclosure. Returns ids and frozen dataclasses, never model instances."""
