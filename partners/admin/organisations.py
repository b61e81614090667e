"""Back office for organisations and contact persons."""
