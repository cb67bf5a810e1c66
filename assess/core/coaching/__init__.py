"""Coaching plans: which competencies a plan may hold, its actions, its pulse dates."""
