"""Asset labels with a QR code, printed as PDF sheets."""
