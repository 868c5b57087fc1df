import django.core.validators
import django.db.models.deletion
import django.utils.timezone
import modelcluster.fields
import service_requests.models.questionnaire
from decimal import Decimal
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('service_requests', '0012_improvement_moved_out'),
        ('wagtailcore', '0098_apitoken'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # The tables exist (created by service_requests' 0010 and 0011): state only.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='EffectivenessAssessment',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('title', models.CharField(max_length=200, verbose_name='title')),
                        ('period_start', models.DateField(verbose_name='period from')),
                        ('period_end', models.DateField(verbose_name='period to')),
                        ('findings', models.TextField(blank=True, help_text='What the figures show: strengths and weaknesses.', verbose_name='findings')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated at')),
                        ('latest_revision', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='wagtailcore.revision', verbose_name='latest revision')),
                    ],
                    options={
                        'verbose_name': 'effectiveness assessment',
                        'verbose_name_plural': 'effectiveness assessments',
                        'db_table': 'service_requests_effectivenessassessment',
                        'ordering': ['-period_end', '-pk'],
                    },
                ),
                migrations.CreateModel(
                    name='ImpactFollowUp',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('token', models.CharField(default=service_requests.models.questionnaire.new_secret_token, editable=False, max_length=64)),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='sent at')),
                        ('responded_at', models.DateTimeField(blank=True, null=True, verbose_name='answered at')),
                        ('comment', models.TextField(blank=True, verbose_name='comment')),
                        ('achieved', models.CharField(blank=True, choices=[('yes', 'Yes'), ('partly', 'Partly'), ('no', 'No')], max_length=10, verbose_name='outcome achieved')),
                        ('outcomes', models.JSONField(blank=True, default=list, verbose_name='outcomes')),
                        ('value_estimate', models.DecimalField(blank=True, decimal_places=2, max_digits=12, null=True, verbose_name='cost saved or sales gained (10,000 yuan)')),
                        ('request', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='impact_follow_up', to='service_requests.servicerequest', verbose_name='request')),
                    ],
                    options={
                        'verbose_name': 'impact follow-up',
                        'verbose_name_plural': 'impact follow-ups',
                        'db_table': 'service_requests_impactfollowup',
                        'ordering': ['-created_at', '-pk'],
                    },
                ),
                migrations.CreateModel(
                    name='ImprovementAction',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('description', models.TextField(verbose_name='action')),
                        ('owner', models.CharField(max_length=100, verbose_name='owner')),
                        ('due', models.DateField(verbose_name='due')),
                        ('status', models.CharField(choices=[('open', 'Open'), ('in_progress', 'In progress'), ('done', 'Done')], default='open', max_length=12, verbose_name='status')),
                        ('done_at', models.DateField(blank=True, null=True, verbose_name='done on')),
                        ('assessment', modelcluster.fields.ParentalKey(on_delete=django.db.models.deletion.CASCADE, related_name='actions', to='improvement.effectivenessassessment', verbose_name='assessment')),
                    ],
                    options={
                        'verbose_name': 'improvement action',
                        'verbose_name_plural': 'improvement actions',
                        'db_table': 'service_requests_improvementaction',
                        'ordering': ['due', 'pk'],
                    },
                ),
                migrations.CreateModel(
                    name='QualityTargets',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('first_response_sla_target', models.DecimalField(decimal_places=1, default=Decimal('95.0'), max_digits=5, validators=[django.core.validators.MinValueValidator(0), django.core.validators.MaxValueValidator(100)], verbose_name='first response SLA hit rate target (%)')),
                        ('satisfaction_target', models.DecimalField(decimal_places=2, default=Decimal('4.50'), max_digits=3, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(5)], verbose_name='satisfaction average target (1–5)')),
                        ('first_response_median_target', models.DecimalField(decimal_places=1, default=Decimal('1.0'), max_digits=4, validators=[django.core.validators.MinValueValidator(0)], verbose_name='first response median target (working days)')),
                        ('amber_margin', models.PositiveSmallIntegerField(default=10, help_text='A figure worse than its target by at most this share is amber, not red.', validators=[django.core.validators.MaxValueValidator(100)], verbose_name='amber margin (%)')),
                        ('follow_up_months', models.PositiveSmallIntegerField(default=6, help_text='Months after resolution when the enterprise is asked what the service achieved.', validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(36)], verbose_name='impact follow-up after (months)')),
                        ('site', models.OneToOneField(editable=False, on_delete=django.db.models.deletion.CASCADE, to='wagtailcore.site')),
                    ],
                    options={
                        'verbose_name': 'quality targets',
                        'db_table': 'service_requests_qualitytargets',
                    },
                ),
                migrations.CreateModel(
                    name='BadRatingCallback',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('score', models.PositiveSmallIntegerField(verbose_name='score')),
                        ('opened_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='opened at')),
                        ('due', models.DateField(verbose_name='due')),
                        ('contacted_at', models.DateTimeField(blank=True, null=True, verbose_name='enterprise contacted at')),
                        ('cause', models.TextField(blank=True, verbose_name='cause found')),
                        ('corrective_action', models.TextField(blank=True, verbose_name='corrective action')),
                        ('closed_at', models.DateTimeField(blank=True, null=True, verbose_name='closed at')),
                        ('closed_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='closed by')),
                        ('inbox', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='bad_rating_callbacks', to='service_requests.inbox', verbose_name='assigned inbox')),
                        ('request', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='bad_rating_callback', to='service_requests.servicerequest', verbose_name='request')),
                    ],
                    options={
                        'verbose_name': 'bad-rating callback',
                        'verbose_name_plural': 'bad-rating callbacks',
                        'db_table': 'service_requests_badratingcallback',
                        'ordering': ['closed_at', 'due', 'pk'],
                        'indexes': [models.Index(fields=['closed_at', 'due'], name='sr_callback_open_due_idx')],
                    },
                ),
                migrations.CreateModel(
                    name='RequestStatistics',
                    fields=[
                        ('request', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='statistics', serialize=False, to='service_requests.servicerequest')),
                        ('submitted_on', models.DateField()),
                        ('state', models.CharField(max_length=24)),
                        ('inbox_key', models.TextField(blank=True)),
                        ('element_key', models.TextField(blank=True)),
                        ('provider_key', models.TextField(blank=True)),
                        ('city', models.CharField(max_length=20)),
                        ('scale', models.CharField(max_length=10)),
                        ('enterprise', models.CharField(blank=True, max_length=24)),
                        ('first_response_due', models.DateField(blank=True, null=True)),
                        ('first_response_on', models.DateField(blank=True, null=True)),
                        ('resolution_due', models.DateField(blank=True, null=True)),
                        ('resolved_on', models.DateField(blank=True, null=True)),
                        ('survey_sent', models.BooleanField(default=False)),
                        ('survey_answered', models.BooleanField(default=False)),
                        ('score', models.PositiveSmallIntegerField(blank=True, null=True)),
                        ('source_updated_at', models.DateTimeField(blank=True, null=True)),
                        ('lead_inbox', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='service_requests.inbox')),
                    ],
                    options={
                        'verbose_name': 'request statistics',
                        'verbose_name_plural': 'request statistics',
                        'db_table': 'service_requests_requeststatistics',
                        'indexes': [models.Index(fields=['submitted_on', 'state'], name='sr_stats_submitted_idx')],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
