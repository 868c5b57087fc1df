"""Admin wiring of the 质量诊断 helper: its figures on the dashboard."""

from wagtail import hooks

from diagnosis.dashboard import add_diagnosis_panel

hooks.register("construct_homepage_panels", add_diagnosis_panel)
