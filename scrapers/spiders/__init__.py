"""Spiders: the generic registry-driven ``portal`` spider, plus platform-specific
ones only where the generic spider cannot do the job."""
