"""Continuous improvement (持续改进): statistics, reports and their exports, bad-rating callbacks,
impact follow-ups, quality targets, effectiveness assessments and improvement actions. It listens
to ``service_requests``' domain signals; ``service_requests`` never imports it."""
