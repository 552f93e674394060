"""Slide-ready exports: chart images, XLSX with a sources sheet, and a 16:9 briefing deck."""
