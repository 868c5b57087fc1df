"""The 质量诊断 helper ("which service do I need"): editor-built questionnaires that recommend
elements, services and solutions and start a prefilled request (DESIGN.md §12)."""
