from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("shop", "0003_spelled_out"), ("billing", "0002_invoice")]

    operations = [
        # Fine: the records of apps the project no longer has, next to dropping their tables.
        migrations.RunSQL(
            "DELETE FROM django_migrations WHERE app = 'sso';",
            reverse_sql=migrations.RunSQL.noop,
        ),
        migrations.RunSQL("DROP TABLE IF EXISTS sso_account;", reverse_sql=migrations.RunSQL.noop),
        migrations.RunSQL(
            "DELETE FROM django_migrations WHERE app IN ('sso', 'celery_results') AND name LIKE '0%';",
            reverse_sql=migrations.RunSQL.noop,
        ),
        # Apps in the tree, apps it depends on, and Django's own apps are the project's.
        migrations.RunSQL(
            "DELETE FROM django_migrations WHERE app = 'sso' OR app = 'legacy';",
            reverse_sql=migrations.RunSQL.noop,
        ),
        migrations.RunSQL(
            "DELETE FROM django_migrations WHERE app = 'billing';",
            reverse_sql=migrations.RunSQL.noop,
        ),
        migrations.RunSQL(
            "DELETE FROM django_migrations WHERE app = 'auth';",
            reverse_sql=migrations.RunSQL.noop,
        ),
        # Not limited to one app's records.
        migrations.RunSQL(
            "DELETE FROM django_migrations WHERE app = 'sso' OR name = '0001_initial';",
            reverse_sql=migrations.RunSQL.noop,
        ),
    ]
