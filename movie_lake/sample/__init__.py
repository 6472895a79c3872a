"""Small sample data bundled with the package, and the scripts that derive it."""
