from django.db import migrations


class Migration(migrations.Migration):
    dependencies = []

    operations = [
        migrations.RunSQL("SELECT 1", migrations.RunSQL.noop),
    ]
