"""Indexes for the admin's story list at archive size (issue 24): its newest-first order and date
drill-down (publish time, then id), the Exclusive filter, an editor's own stories, and the
Expired and Held-by-embargo filters.

Plain CREATE INDEX: each is built in a few seconds at 1,000,000 stories, while story saves wait.
"""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0020_article_review_opened_at'),
        ('taggit', '0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name='article',
            index=models.Index(fields=['-publish_at', '-id'], name='article_publish_idx'),
        ),
        migrations.AddIndex(
            model_name='article',
            index=models.Index(condition=models.Q(('is_exclusive', True)), fields=['-publish_at', '-id'], name='article_exclusive_idx'),
        ),
        migrations.AddIndex(
            model_name='article',
            index=models.Index(fields=['created_by', '-publish_at'], name='article_owner_publish_idx'),
        ),
        migrations.AddIndex(
            model_name='article',
            index=models.Index(condition=models.Q(('expire_at__isnull', False)), fields=['expire_at'], name='article_expire_idx'),
        ),
        migrations.AddIndex(
            model_name='article',
            index=models.Index(condition=models.Q(('embargo_until__isnull', False)), fields=['embargo_until'], name='article_embargo_idx'),
        ),
    ]
