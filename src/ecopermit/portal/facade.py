"""What other apps may ask of portal. Returns ids and frozen dataclasses, never model instances."""
