"""Booking time slots of shared R&D and manufacturing resources (instruments, machines, computing)."""
