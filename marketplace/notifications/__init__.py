"""In-app notifications to enterprises."""
