
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('service_requests', '0011_request_statistics'),
    ]

    operations = [
        # The models of continuous improvement moved to the improvement app with their tables
        # (db_table): they leave this app's state only; improvement's 0001_initial takes them in.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name='effectivenessassessment',
                    name='latest_revision',
                ),
                migrations.RemoveField(
                    model_name='improvementaction',
                    name='assessment',
                ),
                migrations.RemoveField(
                    model_name='impactfollowup',
                    name='request',
                ),
                migrations.RemoveField(
                    model_name='qualitytargets',
                    name='site',
                ),
                migrations.RemoveField(
                    model_name='requeststatistics',
                    name='lead_inbox',
                ),
                migrations.RemoveField(
                    model_name='requeststatistics',
                    name='request',
                ),
                migrations.DeleteModel(
                    name='BadRatingCallback',
                ),
                migrations.DeleteModel(
                    name='EffectivenessAssessment',
                ),
                migrations.DeleteModel(
                    name='ImprovementAction',
                ),
                migrations.DeleteModel(
                    name='ImpactFollowUp',
                ),
                migrations.DeleteModel(
                    name='QualityTargets',
                ),
                migrations.DeleteModel(
                    name='RequestStatistics',
                ),
            ],
            database_operations=[],
        ),
    ]
