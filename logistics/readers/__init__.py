"""RFID readers: raw read payload parsing and smoothing of reads into sightings (pure, no Flask, no DB)."""
